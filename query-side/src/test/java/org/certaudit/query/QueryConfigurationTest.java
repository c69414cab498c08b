package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.certaudit.audit.ItemScored;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Each processor's stream order guard fetches the documents of the read model that processor builds. */
class QueryConfigurationTest {

    private static final ItemScored SCORED = new ItemScored(AuditFixtures.SEED_AUDIT, "5.1.1.1", Percent.of(80), "现场查看");

    private final AtomicInteger lookups = new AtomicInteger();

    /** A read model of processing group {@code group} that reads the document {@code group}/{@code id} of every event. */
    private ReadModel readModel(String group, String id) {
        return new ReadModel() {
            @Override
            public String processingGroup() {
                lookups.incrementAndGet();
                return group;
            }

            @Override
            public List<String> collections() {
                return List.of(group);
            }

            @Override
            public Map<String, String> documentsRead(Object payload) {
                return Map.of(group, id);
            }
        };
    }

    @Test
    void aProcessorFetchesWhatItsOwnReadModelNamesAndLooksItUpOnce() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("scorecards", readModel("audit-scorecards", "a"));
        beans.addBean("summaries", readModel("audit-summaries", "b"));

        Function<Object, Map<String, String>> summaries =
                QueryConfiguration.documentsRead("audit-summaries", beans.getBeanProvider(ReadModel.class));

        assertThat(lookups).hasValue(0);
        assertThat(summaries.apply(SCORED)).isEqualTo(Map.of("audit-summaries", "b"));
        int looked = lookups.get();
        assertThat(summaries.apply(SCORED)).isEqualTo(Map.of("audit-summaries", "b"));
        assertThat(lookups).hasValue(looked);
    }

    @Test
    void aProcessorWithoutAReadModelFetchesNothing() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("scorecards", readModel("audit-scorecards", "a"));

        assertThat(QueryConfiguration.documentsRead("ledger", beans.getBeanProvider(ReadModel.class)).apply(SCORED))
                .isEmpty();
    }
}
