package org.certaudit.query.report;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.certaudit.query.ledger.LedgerTreeHeads;

/**
 * The report's wiring: its properties, and the two seams for what the report adds to the seed's contents: the review,
 * decision and certificate from the certification events ({@link FoldedCertificationRecords}) and the tree head from the
 * transparency log ({@link LedgerTreeHeads}, wired by the ledger with every other answer's). Either may be replaced by a
 * bean of its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportProperties.class)
class ReportConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CertificationRecords foldedCertificationRecords() {
        return new FoldedCertificationRecords();
    }

    @Bean
    ReportPdf reportPdf(ReportProperties properties) {
        return new ReportPdf(properties.fontFile());
    }
}
