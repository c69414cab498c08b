package org.certaudit.eventstore;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.axonframework.common.IdentifierFactory;

/**
 * Axon's message identifiers as time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix milliseconds, then
 * random bits), in the usual 36-character form, from FasterXML's java-uuid-generator, whose generator also orders
 * the identifiers of one millisecond within this JVM. Registered through {@code META-INF/services}, so it replaces
 * Axon's random (version 4) identifiers in every application that has the event store on its class path.
 * <p>
 * Why: every stored event is a key of the unique {@code eventId} index. A random key lands on a random leaf of
 * that B-tree, so each commit of the embedded store rewrote nearly every leaf of the index, and a production
 * MongoDB keeps the whole index in its cache for the same reason. A key that grows with time lands on the
 * rightmost leaf. Appending 20,000 single events to a store of 100,000 took the embedded store's commit and
 * checkpoint threads 0.049 ms of CPU per event with random identifiers and 0.007-0.008 ms with these, and left a
 * file of 97-98 MB instead of 34 MB ({@code IdentifierOrderExperiment}, benchmark/README.md "Session 19").
 * <p>
 * Identifiers stay unique across processes (74 random bits per millisecond); nothing in certaudit reads an order
 * from them: the store's order is the position, and an aggregate's the sequence number.
 */
public final class TimeOrderedIdentifierFactory extends IdentifierFactory {

    private final TimeBasedEpochGenerator generator = Generators.timeBasedEpochGenerator();

    @Override
    public String generateIdentifier() {
        return generator.generate().toString();
    }
}
