package org.certaudit.query;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletionException;
import org.certaudit.web.FailurePage;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem responses of the query side: 404 for what is not known; malformed parameters
 * (a 400 naming each in {@code errors}), unknown routes and methods as both sides answer them
 * ({@link ProblemResponses}); a read the store did not answer, 503.
 */
@RestControllerAdvice
class QueryProblems extends ProblemResponses {

    /** The problem type the command side answers a change its store did not take with; a read here alike. */
    static final String STORE_UNAVAILABLE = "store-unavailable";

    private static final Logger log = LoggerFactory.getLogger(QueryProblems.class);

    private final FailurePage pages;

    QueryProblems(FailurePage pages) {
        this.pages = pages;
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemFormat.of(HttpStatus.NOT_FOUND, ProblemFormat.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    /**
     * A read the store did not answer: no server could be selected in time, the connection to it failed or gave no
     * answer within {@code certaudit.mongodb.read-timeout} (the embedded store's process stopped, paused or restarting,
     * a replica set without a primary), or the driver had just found the server down and cleared its connections
     * ({@link MongoConnectionPoolClearedException}, also while the store is paused). Nothing is wrong with the
     * request and the same read succeeds once the store is back, so it is a 503 with {@code Retry-After} (RFC 9110
     * 15.6.4), as the command side answers a change its store did not take, not the 500 of a failure to report. A query
     * handler's failure reaches here wrapped in the query's {@link CompletionException}. A page for people stays the
     * side's failure page; any other failure of these types stays the unexpected one.
     */
    @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class, MongoConnectionPoolClearedException.class,
            MongoServerUnavailableException.class, CompletionException.class})
    Object storeUnavailable(Exception e, HttpServletRequest request) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        boolean unreachable = cause instanceof MongoTimeoutException || cause instanceof MongoSocketException
                || cause instanceof MongoConnectionPoolClearedException || cause instanceof MongoServerUnavailableException;
        if (!unreachable || pages.unexpected(request) != null) {
            return unexpected(e, request);
        }
        log.warn("the store did not answer {} {}: {}", request.getMethod(), request.getRequestURI(), cause.toString());
        ProblemDetail problem = ProblemFormat.of(HttpStatus.SERVICE_UNAVAILABLE, STORE_UNAVAILABLE,
                "the store the read models are kept in could not be reached; nothing is wrong with the request: "
                        + "send it again");
        problem.setTitle("Store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
