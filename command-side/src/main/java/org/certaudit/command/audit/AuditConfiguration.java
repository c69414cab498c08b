package org.certaudit.command.audit;

import org.certaudit.scheme.SchemeCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The scheme catalogue the project aggregate scores against, and the certificate rules it decides by. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    SchemeCatalog schemeCatalog() {
        return SchemeCatalog.shipped();
    }

    @Bean
    CertificatePolicy certificatePolicy(Environment environment) {
        CertificatePolicy defaults = CertificatePolicy.defaults();
        // Read through the Environment: a pattern's braces inside a ${...:default} would be taken as placeholders.
        return new CertificatePolicy(
                environment.getProperty("certaudit.certificates.number-pattern", defaults.numberPattern()),
                environment.getProperty("certaudit.certificates.validity-years", Integer.class, defaults.validityYears()),
                environment.getProperty("certaudit.certificates.surveillance-months", Integer.class,
                        defaults.surveillanceMonths()),
                environment.getProperty("certaudit.certificates.max-suspension-months", Integer.class,
                        defaults.maxSuspensionMonths()));
    }
}
