package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Requests Spring Security's firewall refuses ({@code ;}, {@code //}, {@code ..} or an encoded
 * {@code /} in the path, a header with control characters): a 400 problem saying so.
 */
public class RejectedRequests implements RequestRejectedHandler {

    private final ObjectMapper json;

    public RejectedRequests(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        ProblemFormat.write(json, request, response, problem(e));
    }

    static ProblemDetail problem(RequestRejectedException e) {
        String reason = String.valueOf(e.getMessage()).replace("The request was rejected because ", "");
        ProblemDetail problem = ProblemFormat.invalid(reason.contains("header") ? "header" : "path",
                "was refused: " + reason + "; the API's paths have no ';', '//', '..' or encoded '/', '\\' or '%'",
                RuleCode.REQUEST_MALFORMED.with());
        problem.setTitle("Request refused");
        return problem;
    }
}
