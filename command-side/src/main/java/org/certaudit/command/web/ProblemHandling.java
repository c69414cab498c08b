package org.certaudit.command.web;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.certaudit.command.audit.BrokenRuleException;
import org.certaudit.command.audit.NotPermittedException;
import org.certaudit.command.audit.StaleVersionException;
import org.certaudit.command.audit.UnknownReferenceException;
import org.certaudit.eventstore.AppendOutcomeUnknownException;
import org.certaudit.eventstore.IdempotencyKeyUsedException;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.ProblemResponses;
import org.certaudit.web.RuleCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns everything a request can go wrong with into an RFC 9457 problem: malformed input is a
 * 400 naming the field, an unknown audit, item or member a 404, a broken rule a 409 stating the
 * rule (each with the rule's code and arguments in {@code errors}, see {@link RuleCode}), a stale
 * {@code If-Match} a 412, a change colliding with one made at the same time a 409 asking to retry,
 * a second change under one {@code Idempotency-Key} a 409 saying it is recorded. Malformed input,
 * unknown routes and methods, and unexpected failures are answered as both sides answer them
 * ({@link ProblemResponses}).
 */
@RestControllerAdvice
class ProblemHandling extends ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @ExceptionHandler(BrokenRuleException.class)
    ProblemDetail brokenRule(BrokenRuleException e) {
        ProblemDetail problem = ProblemFormat.refusal(HttpStatus.CONFLICT, Problems.BROKEN_RULE, e.getMessage(), e.rule(),
                e.field());
        problem.setTitle("Rule broken");
        return problem;
    }

    @ExceptionHandler(UnknownReferenceException.class)
    ProblemDetail unknown(UnknownReferenceException e) {
        if (e.field() != null) {
            return ProblemFormat.invalid(e.field(), e.getMessage(), e.rule());
        }
        return ProblemFormat.refusal(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, e.getMessage(), e.rule());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownProject(AggregateNotFoundException e) {
        return ProblemFormat.refusal(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                "project " + e.getAggregateIdentifier() + " has no audits",
                RuleCode.REFERENCE_PROJECT.with("project", e.getAggregateIdentifier()));
    }

    @ExceptionHandler(NotPermittedException.class)
    ProblemDetail notPermitted(NotPermittedException e) {
        return ProblemFormat.refusal(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, e.getMessage(), e.rule());
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e) {
        ProblemDetail problem = ProblemFormat.refusal(HttpStatus.PRECONDITION_FAILED, Problems.STALE_VERSION,
                e.getMessage(), e.rule());
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
        problem.setProperty("errors", List.of(ProblemFormat.fieldError(null, problem.getDetail(),
                RuleCode.CONCURRENT_CHANGE.with())));
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
        problem.setProperty("errors", List.of(ProblemFormat.fieldError(null, problem.getDetail(),
                RuleCode.CONCURRENT_CHANGE.with())));
        return problem;
    }

    /**
     * The event store holds a change under this user and {@code Idempotency-Key} already: the first attempt
     * of this request was stored, but its answer was lost (the server died, or the request outlived the
     * pending timeout). Nothing was saved again; the client reads the resource for the current state.
     */
    @ExceptionHandler(IdempotencyKeyUsedException.class)
    ProblemDetail idempotencyKeyUsed(IdempotencyKeyUsedException e) {
        log.info("second change under one idempotency key refused: {}", e.getMessage());
        String message = "was used for a change that is recorded already; nothing of this request was saved again. "
                + "GET the resource to see its current state, and send a new key with a new change";
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.IDEMPOTENCY_KEY_USED,
                "Idempotency-Key '" + e.key() + "' " + message);
        problem.setTitle("Idempotency key used");
        problem.setProperty("errors", List.of(ProblemFormat.fieldError(IdempotencyFilter.HEADER, message,
                RuleCode.IDEMPOTENCY_KEY_USED.with("key", e.key()))));
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

    /**
     * The store did not answer the insert of the change's events ({@link AppendOutcomeUnknownException}): it may still
     * take it when it answers again, so this request's change may or may not be stored. Still a 503 with
     * {@code Retry-After}, with {@code stored: "unknown"}; the client reads the audit's version before sending the change
     * again, or sends it again with the same {@code Idempotency-Key}, which is never applied twice.
     */
    @ExceptionHandler(AppendOutcomeUnknownException.class)
    ResponseEntity<ProblemDetail> storeDidNotConfirm(AppendOutcomeUnknownException e) {
        log.warn("the store did not answer an append: {}", e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_UNAVAILABLE,
                "the event store stopped answering while it was storing this change, which may or may not be stored; "
                        + "read the audit's version before sending it again, or send it again with the same "
                        + "Idempotency-Key");
        problem.setTitle("Store unavailable");
        problem.setProperty("stored", "unknown");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /**
     * A read the store did not answer, before anything was written: no server could be selected in time, the
     * connection failed, no answer came within {@code certaudit.mongodb.read-timeout}, or the driver had just found
     * the server down and cleared its connections (loading the audit's project). Nothing is wrong with the request
     * and nothing of it was stored (a write the store did not take is the {@link EventStoreException} above), so it is
     * the same 503 with {@code Retry-After} (RFC 9110 15.6.4), not the 500 of a failure to report.
     */
    @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class, MongoConnectionPoolClearedException.class,
            MongoServerUnavailableException.class})
    ResponseEntity<ProblemDetail> storeNotAnswering(MongoException e) {
        log.warn("the store did not answer a read of a change: {}", e.toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_UNAVAILABLE,
                "the event store could not be reached, so nothing of this request was saved; send it again");
        problem.setTitle("Store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /**
     * The shape checks of the command records (and the value types they hold): only input can fail them, but every
     * input they check is checked before, where the 400 names its field (bean validation, the path variables'
     * constraints, the requests' {@code toCommand}). Reaching this means a check is missing there: still refused,
     * nothing written, with the one {@code errors} entry every 400 has (its code, no field to name), and logged for
     * the missing check to be added.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        log.warn("malformed command refused by its own shape check, not before it: {}", e.getMessage());
        return ProblemFormat.invalid(List.of(ProblemFormat.fieldError(null, e.getMessage(),
                RuleCode.FIELD_INVALID_VALUE.with())));
    }
}
