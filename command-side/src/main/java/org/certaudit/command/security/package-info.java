/** Who may call what on the command side: its roles and URL rules; callers sign in as web-security sets up. */
package org.certaudit.command.security;
