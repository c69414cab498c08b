package org.certaudit.query.report;

import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The report's wiring: its properties, and the two seams for what later issues add. Until the certification lifecycle
 * and the ledger provide their beans, the report knows no review, decision, certificate or tree head and says so.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportProperties.class)
class ReportConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CertificationRecords noCertificationRecordsYet() {
        return point -> CertificationRecord.NONE;
    }

    @Bean
    @ConditionalOnMissingBean
    LedgerTreeHeads noLedgerYet() {
        return point -> Optional.empty();
    }

    @Bean
    ReportPdf reportPdf(ReportProperties properties) {
        return new ReportPdf(properties.fontFile());
    }
}
