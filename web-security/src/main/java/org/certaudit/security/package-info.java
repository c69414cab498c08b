/** How callers of either application sign in: HTTP Basic users from configuration or JWT bearer tokens, refused as RFC 9457 problems. */
package org.certaudit.security;
