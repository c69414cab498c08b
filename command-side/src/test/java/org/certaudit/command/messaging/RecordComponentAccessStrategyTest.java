package org.certaudit.command.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.property.Property;
import org.axonframework.common.property.PropertyAccessStrategy;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.command.audit.ScoreItem;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.Test;

class RecordComponentAccessStrategyTest {

    private static final AuditId AUDIT = AuditId.of(new ProjectNumber("0455-2021-SE"), 1);
    private static final ScoreItem SCORE = new ScoreItem(AUDIT, "5.1.1.1", Percent.of(80), "Seen on site.", null);

    private final RecordComponentAccessStrategy strategy = new RecordComponentAccessStrategy();

    @Test
    void readsARecordComponentThroughItsAccessor() {
        Property<ScoreItem> auditId = strategy.propertyFor(ScoreItem.class, "auditId");

        assertThat(auditId).isNotNull();
        assertThat((Object) auditId.getValue(SCORE)).isEqualTo(AUDIT);
        assertThat((Object) strategy.propertyFor(ScoreItem.class, "item").getValue(SCORE)).isEqualTo("5.1.1.1");
    }

    @Test
    void axonFindsItFirstAndGetsTheSamePropertyEveryTime() {
        Property<ScoreItem> first = PropertyAccessStrategy.getProperty(ScoreItem.class, "auditId");

        assertThat(first).as("registered in META-INF/services and ahead of the bean strategy")
                .isSameAs(strategy.propertyFor(ScoreItem.class, "auditId"))
                .isSameAs(PropertyAccessStrategy.getProperty(ScoreItem.class, "auditId"));
    }

    @Test
    void leavesAnythingButARecordComponentToTheOtherStrategies() {
        assertThat(strategy.propertyFor(ScoreItem.class, "project")).as("no such component").isNull();
        assertThat(strategy.propertyFor(StringBuilder.class, "length")).as("not a record").isNull();
        assertThat((Object) PropertyAccessStrategy.getProperty(StringBuilder.class, "length")
                .getValue(new StringBuilder("abc"))).as("Axon's uniform strategy: length()").isEqualTo(3);
    }
}
