package org.certaudit.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.metadata.ConstraintDescriptor;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The problem responses both sides share, as the base of each side's controller advice (which
 * adds its domain refusals): malformed input of any kind is a 400 naming the field, parameter or
 * header in {@code errors}; an unknown route a 404 pointing to the API documentation; a wrong
 * method a 405 naming the allowed ones; every problem carries our {@code type}, a title and the
 * request id. Nothing a caller sends may end in a 500: an unexpected failure is logged with
 * its request id and answered without internals, on a side's page for people with that side's
 * {@link FailurePage}.
 */
public abstract class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']*)'");
    /** ASCII digits the strict editor refused for their size (a minus before zero is refused for its form). */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[1-9][0-9]*");

    /** Bean Validation's "now", as the application set it (the certification body's calendar on the command side). */
    private Clock validationClock = Clock.systemDefaultZone();

    /** The side's error page for its pages' unexpected failures; none on a side without pages for people. */
    private FailurePage failurePage = request -> null;

    @Autowired(required = false)
    void failurePage(FailurePage failurePage) {
        this.failurePage = failurePage;
    }

    /** The clock {@code @PastOrPresent} judged by, so that its refusal can say which day was today, and where. */
    @Autowired(required = false)
    void validationClock(ValidatorFactory validation) {
        this.validationClock = validation.getClockProvider().getClock();
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalidInput(InvalidInputException e) {
        return ResponseEntity.badRequest().body(ProblemFormat.invalid(e.field(), e.getMessage(), e.rule()));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Object> missingHeader(MissingRequestHeaderException e) {
        return ResponseEntity.badRequest().body(ProblemFormat.invalid(e.getHeaderName(), "header is required",
                RuleCode.FIELD_REQUIRED.with()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        InvalidInputException input = invalidInput(e);
        return ResponseEntity.badRequest().body(ProblemFormat.invalid(input.field(), input.getMessage(), input.rule()));
    }

    /**
     * A parameter, path variable or header the binder could not convert, as the field and rule it breaks: a whole
     * number not in ASCII digits ({@code field.not-a-number}) or beyond its type ({@code field.min}, {@code field.max}
     * naming the range the parameter declares with {@code @Min} and {@code @Max}, which a number beyond the type breaks
     * too, else the type's own bound), a value of no enum constant ({@code field.not-one-of}), a parameter given twice
     * ({@code field.duplicate}), else {@code field.invalid-value}. Pages for people (the console) show the same rule in
     * their own words.
     */
    public static InvalidInputException invalidInput(MethodArgumentTypeMismatchException e) {
        if (e.getValue() instanceof String[] values && values.length > 1) {
            // A parameter given twice where one value is bound: not a value of the wrong type.
            return new InvalidInputException(e.getName(), RuleCode.FIELD_DUPLICATE.with(),
                    "is given " + values.length + " times; send it once");
        }
        Class<?> type = e.getRequiredType();
        String value = String.valueOf(e.getValue());
        String message;
        RuleViolation rule;
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            boolean integer = type == int.class || type == Integer.class;
            if (WHOLE_NUMBER.matcher(value).matches()) {
                // ASCII digits beyond the type's range: the binder's strict editor refused the size, not the form.
                boolean negative = value.startsWith("-");
                Min min = e.getParameter().getParameterAnnotation(Min.class);
                Max max = e.getParameter().getParameterAnnotation(Max.class);
                Object declared = negative ? (min == null ? null : min.value()) : (max == null ? null : max.value());
                if (min != null && max != null) {
                    message = "must be a whole number from " + min.value() + " to " + max.value() + ", was '" + value + "'";
                    rule = (negative ? RuleCode.FIELD_MIN : RuleCode.FIELD_MAX).with("value", declared);
                } else {
                    Object bound = declared != null ? declared : integer
                            ? String.valueOf(negative ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                            : String.valueOf(negative ? Long.MIN_VALUE : Long.MAX_VALUE);
                    message = "must be a whole number " + (negative ? "from " : "up to ") + bound + ", was '" + value + "'";
                    rule = (negative ? RuleCode.FIELD_MIN : RuleCode.FIELD_MAX).with("value", bound);
                }
            } else {
                message = "must be a whole number in ASCII digits, was '" + value + "'";
                rule = RuleCode.FIELD_NOT_A_NUMBER.with("value", value);
            }
        } else if (type != null && type.isEnum()) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
            message = "must be one of " + String.join(", ", allowed) + ", was '" + value + "'";
            rule = RuleCode.FIELD_NOT_ONE_OF.with("value", value, "allowed", allowed);
        } else {
            message = "must be a valid value, was '" + value + "'";
            rule = RuleCode.FIELD_INVALID_VALUE.with();
        }
        return new InvalidInputException(e.getName(), rule, message);
    }

    /**
     * The firewall checks a header only when something reads it; a handler that reads all headers (a body's
     * converter, {@code @RequestHeader}) meets the refusal here rather than in the filter chain.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(RejectedRequests.problem(e));
    }

    /**
     * A {@link ModelAndView} (the side's {@link FailurePage}) or the problem as a {@link ResponseEntity}; a side's own
     * handler of a narrower type calls it for the failures of that type it does not answer otherwise.
     */
    @ExceptionHandler(Exception.class)
    protected Object unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), e);
        ModelAndView page = failurePage.unexpected(request);
        if (page != null) {
            return page;
        }
        ProblemDetail problem = ProblemFormat.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemFormat.INTERNAL_ERROR,
                "the server failed to handle the request; quote the request id when reporting it");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(ProblemFormat.fieldError(error.getField(), String.valueOf(error.getDefaultMessage()),
                    constraintRule(violation(error), validationClock)));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(ProblemFormat.fieldError(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
        errors.sort(Comparator.comparing(error -> String.valueOf(error.get("field"))));
        return ResponseEntity.badRequest().body(ProblemFormat.invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (BrokenConstraint broken : brokenConstraints(e, validationClock)) {
            errors.add(ProblemFormat.fieldError(broken.field(), broken.message(),
                    broken.rule() == null ? RuleCode.FIELD_INVALID_VALUE.with() : broken.rule()));
        }
        if (errors.isEmpty()) {
            InvalidInputException unnamed = invalidInput(e, validationClock);
            errors.add(ProblemFormat.fieldError(unnamed.field(), unnamed.getMessage(), unnamed.rule()));
        }
        return ResponseEntity.badRequest().body(ProblemFormat.invalid(errors));
    }

    /**
     * The first constraint of a handler's parameters that {@code e} found broken (a parameter outside the range its
     * {@code @Min} and {@code @Max} declare, say), as the field and rule it breaks, for a page that says one refusal;
     * {@code clock} is the one the constraints were judged by.
     */
    public static InvalidInputException invalidInput(HandlerMethodValidationException e, Clock clock) {
        List<BrokenConstraint> all = brokenConstraints(e, clock);
        if (all.isEmpty()) {
            // A return value's or cross-parameter constraint names no parameter: still the caller's input, never a 500.
            return new InvalidInputException(null, RuleCode.FIELD_INVALID_VALUE.with(),
                    "the request's values break a rule of this endpoint");
        }
        BrokenConstraint broken = all.get(0);
        return new InvalidInputException(broken.field(), broken.rule() == null ? RuleCode.FIELD_INVALID_VALUE.with()
                : broken.rule(), broken.message());
    }

    /** A constraint a parameter breaks: the field, the constraint's message, the catalogue's rule (none if unknown). */
    private record BrokenConstraint(String field, String message, RuleViolation rule) {
    }

    private static List<BrokenConstraint> brokenConstraints(HandlerMethodValidationException e, Clock clock) {
        List<BrokenConstraint> broken = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                ConstraintViolation<?> violation;
                try {
                    violation = result.unwrap(error, ConstraintViolation.class);
                } catch (IllegalArgumentException notAViolation) {
                    violation = null;
                }
                // A body validated with the method's other parameters names its own field, as it does alone.
                String field = error instanceof FieldError fieldError ? fieldError.getField() : String.valueOf(name);
                broken.add(new BrokenConstraint(field, String.valueOf(error.getDefaultMessage()),
                        constraintRule(violation, clock)));
            }
        });
        return broken;
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(ProblemFormat.invalid(e.getParameterName(), "is required",
                RuleCode.FIELD_REQUIRED.with()));
    }

    @Override
    protected ResponseEntity<Object> handleMissingPathVariable(MissingPathVariableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(ProblemFormat.invalid(e.getVariableName(), "is required",
                RuleCode.FIELD_REQUIRED.with()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e instanceof StrictJsonHttpMessageConverter.BodyTooLargeException) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .body(ProblemFormat.bodyTooLarge(StrictJsonHttpMessageConverter.MAX_BODY_BYTES));
        }
        if (e instanceof StrictJsonHttpMessageConverter.NotUtf8Exception notUtf8) {
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .body(unsupportedMediaType(e.getMessage(), notUtf8.declared()));
        }
        return ResponseEntity.badRequest().body(bodyProblem(e.getCause()));
    }

    /**
     * A multipart body over the limit, met by the dispatcher before any endpoint is chosen (neither side takes one, but
     * the container parses it for any path): the same 413 as a JSON body over it, as both sides' multipart limits are
     * that one ({@link WebProblemsAutoConfiguration#multipartConfigElement()}); Spring's own 413 named no field.
     */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .body(ProblemFormat.bodyTooLarge(StrictJsonHttpMessageConverter.MAX_BODY_BYTES));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Spring gives no type when it could not parse the header (a charset the JVM does not know): the header as sent.
        String declared = e.getContentType() != null ? e.getContentType().toString()
                : request.getHeader(HttpHeaders.CONTENT_TYPE);
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers)
                .body(unsupportedMediaType("send the body as application/json (UTF-8)" + (declared == null ? ""
                        : ", not " + declared), declared));
    }

    /** A 415 naming the {@code Content-Type} header and the rule ({@code body.media-type}) with what was sent. */
    private static ProblemDetail unsupportedMediaType(String message, MediaType declared) {
        return unsupportedMediaType(message, declared == null ? null : declared.toString());
    }

    static ProblemDetail unsupportedMediaType(String message, String declared) {
        ProblemDetail problem = ProblemFormat.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemFormat.UNSUPPORTED_MEDIA_TYPE,
                message);
        problem.setTitle("Unsupported media type");
        problem.setProperty("errors", List.of(ProblemFormat.fieldError(HttpHeaders.CONTENT_TYPE, message,
                RuleCode.BODY_MEDIA_TYPE.with("value", declared == null ? "none" : declared))));
        return problem;
    }

    /**
     * A 415 naming the {@code Content-Encoding} header and the rule ({@code body.content-encoding}) with what was sent: a
     * body in a content coding neither side decodes (RFC 9110 15.5.16).
     */
    static ProblemDetail unsupportedContentEncoding(String declared) {
        String message = "send the body as it is, without a content coding, not " + declared
                + "; the API reads request bodies in no coding but identity";
        ProblemDetail problem = ProblemFormat.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemFormat.UNSUPPORTED_MEDIA_TYPE,
                message);
        problem.setTitle("Unsupported content coding");
        problem.setProperty("errors", List.of(ProblemFormat.fieldError(HttpHeaders.CONTENT_ENCODING, message,
                RuleCode.BODY_CONTENT_ENCODING.with("value", declared))));
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // The content type is set here: negotiating it would read the same Accept again and fail again, leaving no body.
        // An Accept that is no list of media types (RFC 9110 12.5.1) is the client's mistake, not a choice of types
        // this endpoint cannot serve: Spring reports both as 406, the first even without offering anything.
        if (request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servlet) {
            try {
                MediaType.parseMediaTypes(Collections.list(servlet.getHeaders(HttpHeaders.ACCEPT)));
            } catch (InvalidMediaTypeException invalid) {
                // Spring's words are its parser's ("For input string", "'mimeType' must not be empty"): ours name the part.
                String part = invalid.getMediaType() == null || invalid.getMediaType().isBlank()
                        ? String.join(", ", Collections.list(servlet.getHeaders(HttpHeaders.ACCEPT))) : invalid.getMediaType();
                return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemFormat.invalid(
                        HttpHeaders.ACCEPT, "must be a list of media types such as application/json, each with an optional"
                                + " ;q= weight from 0 to 1; '" + part + "' is not one", RuleCode.FIELD_FORMAT.with()));
            }
        }
        List<String> available = (e.getSupportedMediaTypes().isEmpty() ? List.of(MediaType.APPLICATION_JSON)
                : e.getSupportedMediaTypes()).stream().map(MediaType::toString).toList();
        String[] accepts = request.getHeaderValues(HttpHeaders.ACCEPT);
        String sent = accepts == null || accepts.length == 0 ? null : String.join(", ", accepts);
        String message = "this endpoint answers " + String.join(", ", available) + " (and its problems as "
                + "application/problem+json), none of which the Accept header sent (" + sent + ") takes";
        ProblemDetail problem = ProblemFormat.of(HttpStatus.NOT_ACCEPTABLE, ProblemFormat.NOT_ACCEPTABLE, message);
        problem.setTitle("Not acceptable");
        problem.setProperty("errors", List.of(ProblemFormat.fieldError(HttpHeaders.ACCEPT, message,
                RuleCode.REQUEST_NOT_ACCEPTABLE.with("value", sent == null ? "none" : sent, "available", available))));
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> allowed = e.getSupportedHttpMethods() == null ? List.of()
                : e.getSupportedHttpMethods().stream().map(Object::toString).sorted().toList();
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers)
                .body(ProblemFormat.methodNotAllowed(e.getMethod(), path(request), allowed));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemFormat.of(HttpStatus.NOT_FOUND, ProblemFormat.NOT_FOUND,
                "no endpoint " + e.getHttpMethod() + " " + path(request)
                        + "; the API is documented at /swagger-ui.html (OpenAPI at /v3/api-docs)");
        problem.setTitle("No such endpoint");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    /** Spring's own problems (and ours) get our type, a title, the request id and the path as instance. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            ProblemFormat.normalize(problem);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("failure answered with {}", statusCode.value(), ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static ConstraintViolation<?> violation(FieldError error) {
        try {
            return error.unwrap(ConstraintViolation.class);
        } catch (IllegalArgumentException notAViolation) {
            return null;
        }
    }

    /**
     * The catalogue's rule for a Bean Validation constraint (by its annotation, with the attributes the
     * rule names as arguments), or none for a constraint the catalogue does not know. {@code clock} is the one the
     * constraint was judged by: a day not after today names that day and its zone.
     */
    static RuleViolation constraintRule(ConstraintViolation<?> violation, Clock clock) {
        if (violation == null) {
            return null;
        }
        ConstraintDescriptor<?> descriptor = violation.getConstraintDescriptor();
        Map<String, Object> attributes = descriptor.getAttributes();
        return switch (descriptor.getAnnotation().annotationType().getSimpleName()) {
            case "NotNull", "NotBlank", "NullOrNotBlank", "NotEmpty" -> RuleCode.FIELD_REQUIRED.with();
            case "Size" -> RuleCode.FIELD_SIZE.with("min", attributes.get("min"), "max", attributes.get("max"));
            case "Pattern" -> RuleCode.FIELD_FORMAT.with();
            case "Email" -> RuleCode.FIELD_EMAIL.with();
            case "PastOrPresent" -> RuleCode.FIELD_NOT_AFTER_TODAY.with("today", LocalDate.now(clock),
                    "zone", clock.getZone().getId());
            case "DecimalMin", "Min" -> Boolean.FALSE.equals(attributes.get("inclusive"))
                    ? RuleCode.FIELD_ABOVE.with("value", attributes.get("value"))
                    : RuleCode.FIELD_MIN.with("value", attributes.get("value"));
            case "DecimalMax", "Max" -> Boolean.FALSE.equals(attributes.get("inclusive"))
                    ? RuleCode.FIELD_BELOW.with("value", attributes.get("value"))
                    : RuleCode.FIELD_MAX.with("value", attributes.get("value"));
            case "Digits" -> RuleCode.FIELD_DIGITS.with("integer", attributes.get("integer"),
                    "fraction", attributes.get("fraction"));
            case "Decimals" -> RuleCode.FIELD_DECIMALS.with("fraction", attributes.get("fraction"));
            default -> null;
        };
    }

    /** The 400 for a body Jackson could not read, naming the field when there is one, with the rule's code. */
    public static ProblemDetail bodyProblem(Throwable cause) {
        if (cause instanceof StrictJsonHttpMessageConverter.MalformedTextException text) {
            return ProblemFormat.invalid(text.field(), text.getMessage(), RuleCode.FIELD_TEXT_CHARACTERS.with());
        }
        if (cause instanceof StreamConstraintsException constraint) {
            // Jackson's words name its own setting ("from `StreamReadConstraints.getMaxNumberLength()`"): dropped.
            String limit = String.valueOf(constraint.getOriginalMessage()).replaceAll(",? from `[^`]*`", "");
            return ProblemFormat.invalid("body", "is too large or too deeply nested: "
                    + (limit.isEmpty() ? limit : Character.toLowerCase(limit.charAt(0)) + limit.substring(1)),
                    RuleCode.BODY_SHAPE.with());
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            Matcher duplicate = t instanceof JsonParseException parse
                    ? DUPLICATE_FIELD.matcher(String.valueOf(parse.getOriginalMessage())) : null;
            if (duplicate != null && duplicate.find()) {
                String field = cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                        ? path(mapping) + "." + duplicate.group(1) : prefixed((JsonParseException) t, duplicate.group(1));
                return ProblemFormat.invalid(field, "appears more than once in the body; send each field once",
                        RuleCode.FIELD_DUPLICATE.with());
            }
        }
        if (cause instanceof JsonParseException parse) {
            int line = parse.getLocation().getLineNr();
            int column = parse.getLocation().getColumnNr();
            return ProblemFormat.invalid("body", "is not well-formed JSON (line " + line + ", column " + column + ")",
                    RuleCode.BODY_MALFORMED_JSON.with("line", line, "column", column));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            Described described = describe(mapping);
            return ProblemFormat.invalid(path(mapping), described.message(), described.rule());
        }
        if (cause instanceof MismatchedInputException) {
            return ProblemFormat.invalid("body", "must be a JSON object with the documented fields",
                    RuleCode.BODY_SHAPE.with());
        }
        return ProblemFormat.invalid("body", "is required and must be JSON", RuleCode.BODY_SHAPE.with());
    }

    private static String prefixed(JsonParseException parse, String field) {
        com.fasterxml.jackson.core.JsonParser parser = parse.getProcessor();
        String parent = parser == null || parser.getParsingContext() == null ? ""
                : StrictJsonHttpMessageConverter.path(parser.getParsingContext().getParent());
        return parent == null || parent.isEmpty() ? field : parent + "." + field;
    }

    private static String path(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servlet
                ? servlet.getRequestURI() : request.getDescription(false);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What is wrong with a field's value, in English and as the catalogue's rule. */
    private record Described(String message, RuleViolation rule) {
    }

    private static Described describe(JsonMappingException e) {
        if (e instanceof StrictJson.RefusedValueException refused) {
            return new Described(refused.getOriginalMessage(), refused.rule());
        }
        if (e instanceof UnrecognizedPropertyException) {
            return new Described("is not a field of this request", RuleCode.FIELD_UNKNOWN.with());
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return new Described(e.getCause().getMessage(), RuleCode.FIELD_INVALID_VALUE.with());
        }
        if (e instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            String value = "'" + format.getValue() + "'";
            if (target != null && target.isEnum()) {
                List<String> allowed = Arrays.stream(target.getEnumConstants()).map(String::valueOf).toList();
                return new Described(value + " is not one of " + String.join(", ", allowed),
                        RuleCode.FIELD_NOT_ONE_OF.with("value", format.getValue(), "allowed", allowed));
            }
            if (target != null && Temporal.class.isAssignableFrom(target)) {
                return new Described(value + " is not a date in the form yyyy-MM-dd", RuleCode.FIELD_DATE.with(
                        "value", format.getValue(), "earliest", StrictJson.EARLIEST, "latest", StrictJson.LATEST));
            }
            if (target != null && Number.class.isAssignableFrom(target)) {
                return new Described(value + " is not a number", RuleCode.FIELD_NOT_A_NUMBER.with("value", format.getValue()));
            }
            return new Described(value + " is not a valid value", RuleCode.FIELD_INVALID_VALUE.with());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            Class<?> target = mismatched.getTargetType();
            if (target.isEnum()) {
                List<String> allowed = Arrays.stream(target.getEnumConstants()).map(String::valueOf).toList();
                return new Described("must be one of " + String.join(", ", allowed) + " (as a string)",
                        RuleCode.FIELD_JSON_TYPE.with("expected", "string"));
            }
            if (Temporal.class.isAssignableFrom(target)) {
                return jsonType("must be a date in the form yyyy-MM-dd", "date");
            }
            if (target == boolean.class || target == Boolean.class) {
                return jsonType("must be true or false", "boolean");
            }
            if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
                return jsonType("must be a JSON number" + sentInstead(mismatched), "number");
            }
            if (List.class.isAssignableFrom(target) || target.isArray()) {
                return jsonType("must be a JSON array", "array");
            }
            if (target == String.class) {
                return jsonType("must be a string", "string");
            }
            return jsonType("must be a JSON object", "object");
        }
        return new Described("has the wrong type or shape", RuleCode.FIELD_INVALID_VALUE.with());
    }

    /** What the body held where a number belongs, as the parser last read it: ", not text", or nothing when unknown. */
    private static String sentInstead(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser) || parser.currentToken() == null) {
            return "";
        }
        return switch (parser.currentToken()) {
            case VALUE_STRING -> ", not text";
            case START_ARRAY -> ", not an array";
            case START_OBJECT -> ", not an object";
            case VALUE_TRUE, VALUE_FALSE -> ", not true or false";
            default -> "";
        };
    }

    private static Described jsonType(String message, String expected) {
        return new Described(message, RuleCode.FIELD_JSON_TYPE.with("expected", expected));
    }
}
