package org.certaudit.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

/**
 * The problems in both sides' OpenAPI documents as {@link ProblemFormat} writes them: one
 * {@value #SCHEMA} schema (type, title, status, detail, instance, requestId, errors, and the
 * {@code currentVersion} of a 412) instead of Spring's {@code ProblemDetail} class with its open
 * {@code properties} map, {@code errors[].code} enumerating the {@link RuleCode} catalogue, and a real
 * example on every problem response: a {@code urn:certaudit:problem:}
 * type, the title and a detail such as the side really answers. Without them a viewer invents
 * {@code https://example.com/} as the type and {@code additionalProp1} as a member.
 */
public final class ProblemDocumentation {

    /** The name of the problem schema under {@code components.schemas}. */
    public static final String SCHEMA = "Problem";
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The request id the examples carry. */
    static final String EXAMPLE_REQUEST_ID = "4f3c9a7e-1b2d-4c5e-8f60-7a8b9c0d1e2f";

    private ProblemDocumentation() {
    }

    /** The schema of every problem either side answers. */
    public static Schema<?> schema() {
        Map<String, Schema> fieldError = new LinkedHashMap<>();
        fieldError.put("field", new StringSchema().description("The body field (dotted path), query parameter, path "
                + "variable or header at fault").example("percent"));
        fieldError.put("message", new StringSchema().description("What is wrong with it and what is allowed, "
                        + "in English").example("must be at most 100"));
        fieldError.put("code", new StringSchema().description("The rule broken, a stable code of the catalogue "
                        + "(" + RuleCode.class.getName() + ", the README's \"Problems\"), to show the rule in the "
                        + "reader's language; absent for a malformed body the catalogue has no rule for")
                ._enum(java.util.Arrays.stream(RuleCode.values()).map(RuleCode::code).toList())
                .example(RuleCode.FIELD_MAX.code()));
        fieldError.put("arguments", new ObjectSchema().description("The rule's named values (the code decides which: "
                        + "ids, ISO-8601 dates and enum constant names as strings, numbers, arrays of strings); "
                        + "present with code").additionalProperties(true)
                .example(Map.of("value", "100")));
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().format("uri").description("The kind of problem, "
                + ProblemFormat.TYPE_PREFIX + "<kind>").example(ProblemFormat.TYPE_PREFIX + ProblemFormat.INVALID_INPUT));
        properties.put("title", new StringSchema().description("A short summary of the kind").example("Invalid input"));
        properties.put("status", new IntegerSchema().description("The HTTP status").example(400));
        properties.put("detail", new StringSchema().description("What went wrong in this request and what to do")
                .example("percent: must be between 0 and 100, was 120"));
        properties.put("instance", new StringSchema().format("uri-reference").description("The request path")
                .example("/api/audits/0455-2021-SE.1/items/5.1.1.1"));
        properties.put("requestId", new StringSchema().description("The request id (X-Request-Id); quote it when "
                + "reporting a problem").example(EXAMPLE_REQUEST_ID));
        properties.put("errors", new ArraySchema().items(new ObjectSchema().properties(fieldError)
                        .required(List.of("message")).additionalProperties(false))
                .description("Each offending field, parameter or header of a 400; the one rule of a 403, 404, 409 or "
                        + "412 that the command side refuses for a rule (without field when the rule is about the "
                        + "request as a whole: the acting user, the audit's state)"));
        properties.put("currentVersion", new IntegerSchema().format("int64").description(
                "412 only: the audit's current version (also sent as ETag)").example(8));
        return new ObjectSchema()
                .description("An RFC 9457 problem (application/problem+json)")
                .properties(properties)
                .required(List.of("type", "title", "status"))
                .additionalProperties(false);
    }

    /**
     * Documents that the operation may answer {@code status} with a problem, with {@code example} as
     * its example; an already documented status is left as it is (springdoc hands the same operation
     * to its customizers again on every fetch of the document).
     */
    public static void problem(ApiResponses responses, String status, String description, Example example) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType(MEDIA_TYPE, new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))
                            .example(example.toMap()))));
        }
    }

    /**
     * Adds the {@value #SCHEMA} schema, drops Spring's {@code ProblemDetail} schema, and points every
     * problem response at the former, with an example derived from its status where the side gave none.
     */
    public static OpenApiCustomizer customizer() {
        return openApi -> {
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().remove("ProblemDetail");
            }
            openApi.schema(SCHEMA, schema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations()
                    .forEach(ProblemDocumentation::problemResponses));
        };
    }

    private static void problemResponses(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().forEach((status, response) -> {
            MediaType problem = response.getContent() == null ? null : response.getContent().get(MEDIA_TYPE);
            if (problem == null) {
                return;
            }
            problem.setSchema(new Schema<>().$ref("#/components/schemas/" + SCHEMA));
            if (problem.getExample() == null && (problem.getExamples() == null || problem.getExamples().isEmpty())
                    && status.matches("[45]\\d\\d")) {
                int code = Integer.parseInt(status);
                HttpStatus known = HttpStatus.resolve(code);
                String title = known == null ? "Error " + code : known.getReasonPhrase();
                problem.setExample(Example.of(code, ProblemFormat.kindOf(code), title,
                        response.getDescription() == null ? title : response.getDescription()).toMap());
            }
        });
    }

    /** A problem as an example: built like the real one, serialised in the order the real one is. */
    public static final class Example {

        private final Map<String, Object> members = new LinkedHashMap<>();

        private Example() {
        }

        /** A problem of {@code status} and {@code kind} (the part after {@value ProblemFormat#TYPE_PREFIX}). */
        public static Example of(int status, String kind, String title, String detail) {
            Example example = new Example();
            example.members.put("type", ProblemFormat.TYPE_PREFIX + kind);
            example.members.put("title", title);
            example.members.put("status", status);
            example.members.put("detail", detail);
            return example;
        }

        /** A 400 naming one field, with the detail the real one has ({@code field: message}). */
        public static Example invalid(String field, String message) {
            return invalid(field, message, null);
        }

        /** A 400 naming one field and the catalogue's rule it breaks. */
        public static Example invalid(String field, String message, RuleViolation rule) {
            Example example = of(400, ProblemFormat.INVALID_INPUT, "Invalid input", field + ": " + message);
            example.members.put("errors", List.of(ProblemFormat.fieldError(field, message, rule)));
            return example;
        }

        /** A refusal for a rule about the request as a whole: {@code detail} and the one error are the rule's sentence. */
        public static Example refusal(int status, String kind, String title, String message, RuleViolation rule) {
            Example example = of(status, kind, title, message);
            example.members.put("errors", List.of(ProblemFormat.fieldError(null, message, rule)));
            return example;
        }

        /** The request path the example was answered to. */
        public Example at(String instance) {
            Map<String, Object> ordered = new LinkedHashMap<>();
            members.forEach((name, value) -> {
                ordered.put(name, value);
                if (name.equals("detail")) {
                    ordered.put("instance", instance);
                }
            });
            members.clear();
            members.putAll(ordered);
            return this;
        }

        /** A further member, as {@code currentVersion} of a 412. */
        public Example with(String name, Object value) {
            members.put(name, value);
            return this;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>(members);
            map.putIfAbsent("requestId", EXAMPLE_REQUEST_ID);
            return map;
        }
    }
}
