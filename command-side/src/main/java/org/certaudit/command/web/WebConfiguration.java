package org.certaudit.command.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/** The web beans every endpoint shares. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * Request bodies are read strictly: a misspelt field is a 400 naming it, not a silently
     * missing value. A copy of Boot's mapper, so that Axon's event serializer (which uses Boot's
     * mapper) stays lenient towards fields a newer event version adds.
     */
    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper objectMapper) {
        return new MappingJackson2HttpMessageConverter(objectMapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
    }

    /** First of all filters, so that even a 401 carries the request id. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter(ObjectMapper objectMapper) {
        FilterRegistrationBean<RequestIdFilter> registration =
                new FilterRegistrationBean<>(new RequestIdFilter(objectMapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    IdempotencyStore idempotencyStore(@Qualifier("certauditDatabase") MongoDatabase database,
                                      @Value("${certaudit.idempotency.retention:PT24H}") Duration retention,
                                      @Value("${certaudit.idempotency.pending-timeout:PT1M}") Duration pendingTimeout) {
        return new IdempotencyStore(database.getCollection("idempotency_keys"), retention, pendingTimeout,
                Clock.systemUTC());
    }

    @Bean
    OpenAPI commandSideApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("certaudit command side")
                        .version("1")
                        .description("""
                                Drives audits against CTS ISC-JSGF-06 from opening to recommended grade. Every \
                                change is stored as an event with the user and request id. Every change answers \
                                the audit's new version (body and ETag); send it back as If-Match to refuse \
                                changes based on a stale view (412). Send an Idempotency-Key to make a retry \
                                return the first answer without a second change. Errors are RFC 9457 problems.""")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
