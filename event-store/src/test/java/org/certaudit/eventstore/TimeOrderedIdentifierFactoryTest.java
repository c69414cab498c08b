package org.certaudit.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class TimeOrderedIdentifierFactoryTest {

    @Test
    void axonTakesItForEveryMessage() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifierFactory.class);
        String eventId = new GenericDomainEventMessage<>("Project", "0455-2021-SE", 0, "payload",
                MetaData.emptyInstance()).getIdentifier();
        assertThat(UUID.fromString(eventId).version()).isEqualTo(7);
    }

    @Test
    void identifiersAreVersion7UuidsThatSortInTheOrderTheyWereMade() {
        TimeOrderedIdentifierFactory factory = new TimeOrderedIdentifierFactory();
        long before = System.currentTimeMillis();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            made.add(factory.generateIdentifier());
        }
        long after = System.currentTimeMillis();

        assertThat(made).isSorted().doesNotHaveDuplicates();
        for (String id : List.of(made.get(0), made.get(made.size() - 1))) {
            UUID uuid = UUID.fromString(id);
            assertThat(id).hasSize(36).isEqualTo(uuid.toString());
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.getMostSignificantBits() >>> 16).as("Unix milliseconds").isBetween(before, after);
        }
    }
}
