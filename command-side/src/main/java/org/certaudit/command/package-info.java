/** The command-side application: audit commands over HTTP, stored as events. */
package org.certaudit.command;
