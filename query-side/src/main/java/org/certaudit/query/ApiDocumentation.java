package org.certaudit.query;

import static org.certaudit.web.ProblemDocumentation.problem;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.certaudit.web.ProblemDocumentation.Example;
import org.certaudit.web.ProblemFormat;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query side's OpenAPI document: what it is, how to sign in, and the problems every operation may answer. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI querySideApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("certaudit query side")
                        .version("1")
                        .description("""
                                Reads what the command side recorded: audits, scorecards now and at any version or \
                                instant, each item's history, the audit trail and each project's lineage. Every \
                                signed-in user may read; the processor endpoints need ADMIN. An unknown query \
                                parameter is refused, never ignored. Errors are RFC 9457 problems.""")
                        .license(new License().name("Apache-2.0")))
                // Relative: the document names no host, least of all one copied from the request's Host header.
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OperationCustomizer documentedProblems() {
        return (operation, handlerMethod) -> {
            if (handlerMethod.getBeanType().getPackageName().startsWith("org.certaudit.query")) {
                ApiResponses responses = operation.getResponses();
                String scorecard = "/api/audits/0455-2021-SE.1/scorecard";
                problem(responses, "400", "A malformed or unknown parameter: errors[] names each and what is wrong with it",
                        Example.invalid("asOf", "must be an ISO-8601 instant with an offset, such as 2021-06-07T10:00:00Z "
                                + "or 2021-06-07T18:00:00%2B08:00, or a date such as 2021-06-07 (the end of that day, "
                                + "Asia/Shanghai), was '2021-06-07T18:00:00 08:00'; it contains a space, which is how an "
                                + "unencoded '+' arrives: send the offset's '+' as %2B").at(scorecard));
                problem(responses, "401", "Not signed in", Example.of(401, ProblemFormat.UNAUTHORIZED, "Not signed in",
                        "sign in with HTTP Basic to read audits").at(scorecard));
                problem(responses, "403", "Signed in, but not allowed (the processor endpoints need ADMIN)",
                        Example.of(403, ProblemFormat.FORBIDDEN, "Not allowed", "reviewer may not POST "
                                + "/api/admin/processors/audit-scorecard/rebuild (the admin endpoints need ADMIN; the API "
                                + "only reads)").at("/api/admin/processors/audit-scorecard/rebuild"));
                problem(responses, "404", "No such audit, project, item or processor",
                        Example.of(404, ProblemFormat.NOT_FOUND, "Not found", "no audit 0455-2021-SE.9")
                                .at("/api/audits/0455-2021-SE.9/scorecard"));
            }
            return operation;
        };
    }
}
