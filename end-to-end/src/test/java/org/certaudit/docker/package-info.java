/** Checks by reading of the docker files, since no Docker engine runs where the tests do. */
package org.certaudit.docker;
