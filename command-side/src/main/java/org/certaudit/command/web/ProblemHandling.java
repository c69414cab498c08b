package org.certaudit.command.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.certaudit.command.audit.BrokenRuleException;
import org.certaudit.command.audit.NotPermittedException;
import org.certaudit.command.audit.StaleVersionException;
import org.certaudit.command.audit.UnknownReferenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns everything a request can go wrong with into an RFC 9457 problem: malformed input is a
 * 400 naming the field, an unknown audit, item or member a 404, a broken rule a 409 stating the
 * rule, a stale {@code If-Match} a 412, a change colliding with one made at the same time a 409
 * asking to retry. Nothing a caller sends may end in a 500.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @ExceptionHandler(BrokenRuleException.class)
    ProblemDetail brokenRule(BrokenRuleException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.BROKEN_RULE, e.getMessage());
        problem.setTitle("Rule broken");
        return problem;
    }

    @ExceptionHandler(UnknownReferenceException.class)
    ProblemDetail unknown(UnknownReferenceException e) {
        return Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownProject(AggregateNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                "project " + e.getAggregateIdentifier() + " has no audits");
    }

    @ExceptionHandler(NotPermittedException.class)
    ProblemDetail notPermitted(NotPermittedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e) {
        ProblemDetail problem = Problems.of(HttpStatus.PRECONDITION_FAILED, Problems.STALE_VERSION, e.getMessage());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.PRECONDITION_FAILED);
        if (e.currentVersion() != null) {
            problem.setProperty("currentVersion", e.currentVersion());
            response.eTag(Versions.etag(e.currentVersion()));
        }
        return response.body(problem);
    }

    /** Another command changed the project between loading and storing (another instance). */
    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrent(ConcurrencyException e) {
        log.info("concurrent change refused: {}", e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONCURRENT_CHANGE,
                "the audit was changed by another request at the same time, so nothing of this request was saved; "
                        + "reload the audit and retry");
        problem.setTitle("Concurrent change");
        return problem;
    }

    /** Another request created the same project between this one's check and its commit (another instance). */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail concurrentCreation(AggregateStreamCreationException e) {
        log.info("concurrent creation refused: {}", e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONCURRENT_CHANGE,
                "another request opened the first audit of this project number at the same time, so nothing of "
                        + "this request was saved; list the project's audits before opening another");
        problem.setTitle("Concurrent change");
        return problem;
    }

    /**
     * The store did not take the events: a reader gave up the positions of a write that took too long, or
     * the store failed. Nothing was saved and the same request may simply be sent again.
     */
    @ExceptionHandler(EventStoreException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(EventStoreException e) {
        log.warn("event store refused or failed an append: {}", e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_UNAVAILABLE,
                "the event store did not store this change in time, so nothing of this request was saved; "
                        + "send it again");
        problem.setTitle("Store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return Problems.invalid(e.field(), e.getMessage());
    }

    /** The shape checks of the command records: only input can fail them. */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        log.info("malformed command refused: {}", e.getMessage());
        return Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_INPUT, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected failure", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
                "the server failed to handle the request; quote the request id when reporting it");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(Problems.fieldError(error.getField(), String.valueOf(error.getDefaultMessage())));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(Problems.fieldError(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
        errors.sort((a, b) -> a.get("field").compareTo(b.get("field")));
        return ResponseEntity.badRequest().body(Problems.invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(Problems.fieldError(String.valueOf(name), String.valueOf(error.getDefaultMessage())));
            }
        });
        return ResponseEntity.badRequest().body(Problems.invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.invalid(e.getParameterName(), "is required"));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ProblemDetail missingHeader(MissingRequestHeaderException e) {
        return Problems.invalid(e.getHeaderName(), "header is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.invalid(e.getName(), "'" + e.getValue() + "' is not a valid value");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getCause();
        ProblemDetail problem;
        if (cause instanceof JsonParseException parse) {
            problem = Problems.invalid("body", "is not well-formed JSON (line " + parse.getLocation().getLineNr()
                    + ", column " + parse.getLocation().getColumnNr() + ")");
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem = Problems.invalid(path(mapping), describe(mapping));
        } else if (cause instanceof MismatchedInputException) {
            problem = Problems.invalid("body", "must be a JSON object with the documented fields");
        } else {
            problem = Problems.invalid("body", "is required and must be JSON");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.INVALID_INPUT,
                "send the body as application/json");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(problem);
    }

    /** Spring's own problems (405, 406, 404 for no route, ...) get the request id too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.withRequestId(problem);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
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

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this request";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            String value = "'" + format.getValue() + "'";
            if (target != null && target.isEnum()) {
                return value + " is not one of " + Arrays.stream(target.getEnumConstants())
                        .map(String::valueOf).collect(Collectors.joining(", "));
            }
            if (target != null && Temporal.class.isAssignableFrom(target)) {
                return value + " is not a date in the form yyyy-MM-dd";
            }
            if (target != null && Number.class.isAssignableFrom(target)) {
                return value + " is not a number";
            }
            return value + " is not a valid value";
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            Class<?> target = mismatched.getTargetType();
            if (target.isEnum()) {
                return "must be one of " + Arrays.stream(target.getEnumConstants())
                        .map(String::valueOf).collect(Collectors.joining(", "));
            }
            if (Temporal.class.isAssignableFrom(target)) {
                return "must be a date in the form yyyy-MM-dd";
            }
            if (Number.class.isAssignableFrom(target)) {
                return "must be a number";
            }
            if (List.class.isAssignableFrom(target) || target.isArray()) {
                return "must be a JSON array";
            }
            if (target == String.class) {
                return "must be a string";
            }
        }
        return "has the wrong type or shape";
    }
}
