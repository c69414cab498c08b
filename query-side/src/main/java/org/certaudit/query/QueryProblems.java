package org.certaudit.query;

import org.certaudit.web.ProblemFormat;
import org.certaudit.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem responses of the query side: 404 for what is not known; malformed parameters
 * (a 400 naming each in {@code errors}), unknown routes and methods as both sides answer them
 * ({@link ProblemResponses}).
 */
@RestControllerAdvice
class QueryProblems extends ProblemResponses {

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemFormat.of(HttpStatus.NOT_FOUND, ProblemFormat.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }
}
