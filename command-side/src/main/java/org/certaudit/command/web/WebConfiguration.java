package org.certaudit.command.web;

import com.mongodb.client.MongoDatabase;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.time.Clock;
import java.time.Duration;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.certaudit.web.RequestIdFilter;

/** The web beans every endpoint shares. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    IdempotencyStore idempotencyStore(@Qualifier("certauditDatabase") MongoDatabase database,
                                      @Value("${certaudit.idempotency.retention:PT24H}") Duration retention,
                                      @Value("${certaudit.idempotency.pending-timeout:PT1M}") Duration pendingTimeout) {
        return new IdempotencyStore(database.getCollection("idempotency_keys"), retention, pendingTimeout,
                Clock.systemUTC());
    }

    /**
     * The headers every change request may send, and the problems every change may answer,
     * documented once for all operations (they are handled by filters and the advice, not by
     * the controller methods).
     */
    @Bean
    OperationCustomizer commonHeadersAndProblems() {
        return (operation, handlerMethod) -> {
            if (handlerMethod.getBeanType().getPackageName().startsWith("org.certaudit.command")) {
                header(operation, new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                        .schema(new StringSchema().maxLength(255))
                        .description("Makes a retry of this request return the first answer without a second change; "
                                + "the same key with another request gets 422. Keys belong to the signed-in user."));
                header(operation, new HeaderParameter().name(RequestIdFilter.HEADER).required(false)
                        .schema(new StringSchema().maxLength(128))
                        .description("Your id for this request; stamped on every event it causes and echoed back. "
                                + "Generated when absent."));
                ApiResponses responses = operation.getResponses();
                problem(responses, "400", "Malformed input: errors[] names each field and what is wrong with it");
                problem(responses, "401", "Not signed in");
                problem(responses, "403", "Signed in, but not allowed: wrong role, not on the audit's team, or not its leader");
                problem(responses, "404", "No such audit, item, team member or special item");
                problem(responses, "409", "A rule of the audit workflow refuses the change; detail states the rule");
                problem(responses, "412", "If-Match names another version than the current one (sent back as ETag)");
                problem(responses, "422", "The Idempotency-Key was used for another request");
            }
            return operation;
        };
    }

    /** Once only: springdoc hands the same operation to the customizer again on every fetch of the document. */
    private static void header(io.swagger.v3.oas.models.Operation operation, io.swagger.v3.oas.models.parameters.Parameter parameter) {
        if (operation.getParameters() == null
                || operation.getParameters().stream().noneMatch(p -> parameter.getName().equals(p.getName()))) {
            operation.addParametersItem(parameter);
        }
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType("application/problem+json", new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
        }
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
                        .schemas(ModelConverters.getInstance().read(ProblemDetail.class))
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")))
                // Relative: the document names no host, least of all one copied from the request's Host header.
                .servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("/")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
