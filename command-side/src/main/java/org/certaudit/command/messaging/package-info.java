/** Axon wiring of the command side: who and which request each event came from, snapshots, the aggregate cache, command metrics. */
package org.certaudit.command.messaging;
