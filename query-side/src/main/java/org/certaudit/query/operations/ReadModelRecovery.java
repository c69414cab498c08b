package org.certaudit.query.operations;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the processors start: a read model whose collections are all empty ({@linkplain
 * ReadModel#indexCollections() indexes} aside, which its reset handler drops with the rest) while its
 * processor has stored tokens was deleted (or lost), so its tokens are reset and it is rebuilt from the
 * events. That is what makes "delete every read model, restart" give the same answers. Without tokens the processor
 * replays from the first event anyway; what outlived the collections (its stream progress, which would have its guard
 * skip every event, or an index's keys) is cleared first ({@link ReadModels#hasLeftovers}). A read model
 * whose layout changed keeps its documents in new collections: its old ones ({@link
 * ReadModel#retiredCollections()}) are dropped first, and its new ones, empty, make it rebuilt.
 */
class ReadModelRecovery {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRecovery.class);

    private final ReadModels readModels;
    private final TokenStore tokenStore;

    ReadModelRecovery(ReadModels readModels, TokenStore tokenStore) {
        this.readModels = readModels;
        this.tokenStore = tokenStore;
    }

    void recover(Iterable<ReadModel> models, EventProcessingConfiguration processing) {
        for (ReadModel model : models) {
            String name = model.processingGroup();
            for (String retired : model.retiredCollections()) {
                if (readModels.collection(retired).find().limit(1).first() != null) {
                    log.warn("Read model of processor {} keeps no collection {} any more: dropping it", name, retired);
                    readModels.collection(retired).drop();
                }
            }
            if (!readModels.isEmpty(model)) {
                continue;
            }
            if (tokenStore.fetchSegments(name).length == 0) {
                // No tokens: the processor starts from the first event anyway, once what outlived the collections is gone.
                if (readModels.hasLeftovers(model)) {
                    log.warn("Read model of processor {} is empty and its tokens are gone, its stream progress or index"
                            + " kept: clearing them before it replays every event", name);
                    readModels.clear(model);
                }
                continue;
            }
            processing.eventProcessor(name, TrackingEventProcessor.class).ifPresent(processor -> {
                log.warn("Read model of processor {} is empty but its tokens were kept: replaying every event", name);
                processor.resetTokens();
            });
        }
    }
}
