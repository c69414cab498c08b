/** The embedded default store: mongo-java-server on an H2 file that commits before it acknowledges a write. */
package org.certaudit.eventstore.embedded;
