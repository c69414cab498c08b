/** An audit's events in stream order with type, payload, user, request id, time and position: its audit trail. */
package org.certaudit.query.trail;
