package org.certaudit.eventstore;

import java.util.List;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * One batch of the global event stream, read with one query of the events and no read of the position counter, for a
 * reader that already knows how far the stream goes (a token with gaps may also cost the engine its check of those
 * gaps, as any read does).
 * <p>
 * Axon's {@code readEvents(token, false)} returns a stream that reads the next batch whenever the one before is used
 * up, and reads the position counter before each: a reader that takes "at most a batch" of it makes a second read
 * (two more round trips) whenever the first batch is shorter, which is every batch of a reader that is up to date.
 */
public interface TrackedEventBatches {

    /**
     * The events after {@code after}, in the order and with the tokens {@code readEvents(after, false)} would give
     * them, but at most {@code batchSize} of them, only from positions up to {@code head}, and ending early, after at
     * least one event, where the engine bounds a batch's size (its stored characters, say): the batch is then a
     * prefix of the longer one, and the next batch, read from its last token, goes on where it stopped.
     *
     * @param after     the token to read after; null reads from the start
     * @param batchSize the most events to return, at least 1
     * @param head      the highest reserved position as the caller last read it. The counter only grows, so any value
     *                  it had is safe: a lower one only returns fewer events, never skips one
     * @return the batch; empty when nothing after the token is stored up to {@code head}
     * @throws IllegalArgumentException if the token is of another kind than the engine's
     */
    List<? extends TrackedEventMessage<?>> readBatch(TrackingToken after, int batchSize, long head);
}
