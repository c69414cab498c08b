/** Who may call the command side: HTTP Basic users from configuration, or an OAuth2 resource server (JWT). */
package org.certaudit.command.security;
