/** Running the projections: rebuild with progress, lag gauges, health of the processors, recovery of deleted read models. */
package org.certaudit.query.operations;
