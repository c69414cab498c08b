/** The web console: server-rendered pages for every role, signed in by session, with changes relayed to the command side. */
package org.certaudit.query.console;
