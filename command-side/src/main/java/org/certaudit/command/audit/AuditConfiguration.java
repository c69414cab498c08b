package org.certaudit.command.audit;

import org.certaudit.scheme.SchemeCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scheme catalogue the project aggregate scores against. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    SchemeCatalog schemeCatalog() {
        return SchemeCatalog.shipped();
    }
}
