package org.certaudit.command.web;

import static org.certaudit.web.ProblemDocumentation.problem;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.certaudit.web.ProblemDocumentation.Example;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.RuleCode;
import org.certaudit.web.RequestIdFilter;

/** The web beans every endpoint shares. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    IdempotencyStore idempotencyStore(@Qualifier("certauditDatabase") MongoDatabase database,
                                      @Value("${certaudit.idempotency.retention:PT24H}") Duration retention,
                                      @Value("${certaudit.idempotency.pending-timeout:PT1M}") Duration pendingTimeout,
                                      ObjectProvider<Clock> clock) {
        IdempotencyStore store = new IdempotencyStore(database.getCollection("idempotency_keys"), retention,
                pendingTimeout, clock.getIfUnique(Clock::systemUTC));
        store.createIndexes();
        return store;
    }

    @Bean(destroyMethod = "close")
    IdempotencyKeySweep idempotencyKeySweep(IdempotencyStore store,
                                            @Value("${certaudit.idempotency.sweep-interval:PT1M}") Duration interval,
                                            @Value("${certaudit.idempotency.sweep-batch-size:500}") int batchSize,
                                            MeterRegistry registry) {
        return new IdempotencyKeySweep(store, interval, batchSize, registry);
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
                                + "the same key with another request gets 422. A JSON body sent again counts as the same "
                                + "when it means the same (RFC 8785: members in any order, any white space, 70.0 for 70). "
                                + "Keys belong to the signed-in user. Once "
                                + "the change is recorded, the key never makes another one: if its answer was lost, a "
                                + "retry gets 409 idempotency-key-used."));
                header(operation, new HeaderParameter().name(RequestIdFilter.HEADER).required(false)
                        .schema(new StringSchema().maxLength(128))
                        .description("Your id for this request; stamped on every event it causes and echoed back. "
                                + "Generated when absent."));
                ApiResponses responses = operation.getResponses();
                minimalChangeExamples(responses);
                String audit = "/api/audits/0455-2021-SE.1";
                problem(responses, "400", "Malformed input: errors[] names each field, what is wrong with it, "
                                + "and the rule's code and arguments",
                        Example.invalid("percent", "must be less than or equal to 100",
                                RuleCode.FIELD_MAX.with("value", "100")).at(audit + "/items/5.1.1.1"));
                problem(responses, "401", "Not signed in", Example.of(401, ProblemFormat.UNAUTHORIZED, "Not signed in",
                        "sign in first: HTTP Basic").at(audit + "/items/5.1.1.1"));
                problem(responses, "403", "Signed in, but not allowed: wrong role, not on the audit's team, or not its leader",
                        Example.refusal(403, Problems.FORBIDDEN, "Forbidden", "user 'auditor' is not on the team of audit "
                                + "0455-2021-SE.1; only a team member scores an item",
                                RuleCode.PERMISSION_NOT_ON_TEAM.with("user", "auditor", "audit", "0455-2021-SE.1"))
                                .at(audit + "/items/5.1.1.1"));
                problem(responses, "404", "No such audit, item, team member or special item",
                        Example.refusal(404, Problems.NOT_FOUND, "Not Found", "audit 0455-2021-SE.9 does not exist",
                                RuleCode.REFERENCE_AUDIT.with("audit", "0455-2021-SE.9"))
                                .at("/api/audits/0455-2021-SE.9/items/5.1.1.1"));
                problem(responses, "409", "A rule of the audit workflow refuses the change; detail states the rule, "
                                + "errors[0] has its code and arguments. Also concurrent-change (another request changed "
                                + "the audit at the same moment) and idempotency-key-used (a change under this "
                                + "Idempotency-Key is recorded already; GET the resource)",
                        Example.refusal(409, Problems.BROKEN_RULE, "Rule broken", "audit 0455-2021-SE.1 is closed since "
                                + "its leader recommended TEN_STAR on 2021-06-07; the leader reopens it before anything "
                                + "changes", RuleCode.AUDIT_CLOSED.with("audit", "0455-2021-SE.1", "grade", "TEN_STAR",
                                        "reportDate", "2021-06-07"))
                                .at(audit + "/items/5.1.1.1"));
                problem(responses, "412", "If-Match names another version than the current one (sent back as ETag)",
                        Example.refusal(412, Problems.STALE_VERSION, "Precondition Failed",
                                "expected version 7, but the audit is at version 8; reload it and decide again",
                                RuleCode.VERSION_STALE.with("expectedVersion", 7, "currentVersion", 8))
                                .at(audit + "/items/5.1.1.1").with("currentVersion", 8));
                problem(responses, "422", "The Idempotency-Key was used for another request",
                        Example.of(422, Problems.IDEMPOTENCY_KEY_REUSED, "Unprocessable Entity", "Idempotency-Key "
                                + "'score-5.1.1.1-1' was already used for another request (PUT " + audit
                                + "/items/5.1.1.2); send a new key with a new request").at(audit + "/items/5.1.1.1"));
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

    /**
     * A change answers the audit and its new version; the other fields only for the commands that produce
     * them, whose operations show them in their own example. Without one, a viewer builds the example from
     * the schema and shows every optional field on every change.
     */
    private static void minimalChangeExamples(ApiResponses responses) {
        responses.forEach((status, response) -> {
            MediaType json = !status.startsWith("2") || response.getContent() == null ? null
                    : response.getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            if (json != null && json.getSchema() != null && String.valueOf(json.getSchema().get$ref()).endsWith("/AuditChange")
                    && json.getExample() == null && (json.getExamples() == null || json.getExamples().isEmpty())) {
                Map<String, Object> example = new LinkedHashMap<>();
                example.put("auditId", "0455-2021-SE.1");
                example.put("version", 7);
                json.setExample(example);
            }
        });
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
                // Relative: the document names no host, least of all one copied from the request's Host header.
                .servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("/")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
