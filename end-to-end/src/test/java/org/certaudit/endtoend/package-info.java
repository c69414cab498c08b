/** The whole system as a user runs it: the real command-side and query-side jars, driven over HTTP. */
package org.certaudit.endtoend;
