/** The Axon event store on MongoDB shared by both sides: storage engine, token store, Spring Boot wiring and health. */
package org.certaudit.eventstore;
