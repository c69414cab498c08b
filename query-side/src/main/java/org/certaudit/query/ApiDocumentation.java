package org.certaudit.query;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

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
                        .schemas(ModelConverters.getInstance().read(ProblemDetail.class))
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
                problem(responses, "400", "A malformed or unknown parameter: errors[] names each and what is wrong with it");
                problem(responses, "401", "Not signed in");
                problem(responses, "403", "Signed in, but not allowed (the processor endpoints need ADMIN)");
                problem(responses, "404", "No such audit, project, item or processor");
            }
            return operation;
        };
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType("application/problem+json", new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
        }
    }
}
