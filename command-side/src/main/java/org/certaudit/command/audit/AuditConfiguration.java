package org.certaudit.command.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scheme catalogue the project aggregate scores against, and the demo seed loader. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    SchemeCatalog schemeCatalog() {
        return SchemeCatalog.shipped();
    }

    @Bean
    SeedAuditLoader seedAuditLoader(CommandGateway commands, EventStore eventStore, ObjectMapper objectMapper) {
        return new SeedAuditLoader(commands, eventStore, objectMapper);
    }

    /** {@code certaudit.demo.load-seed-audit=true} (the local profile): the seed audit is there at startup. */
    @Bean
    @ConditionalOnProperty(name = "certaudit.demo.load-seed-audit", havingValue = "true")
    ApplicationRunner seedAuditAtStartup(SeedAuditLoader loader) {
        return arguments -> loader.load();
    }
}
