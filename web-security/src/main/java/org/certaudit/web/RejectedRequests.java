package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Requests Spring Security's firewall refuses ({@code ;}, {@code //}, {@code ..} or an encoded
 * {@code /} in the path, a header with control characters): a 400 problem saying so; a method no endpoint has: the 405
 * of {@link MethodRefusals}.
 */
public class RejectedRequests implements RequestRejectedHandler {

    // StrictHttpFirewall: 'the header: "<name> " has a value "<value>" that is not allowed.'
    private static final Pattern HEADER = Pattern.compile("^the header: \"([!#$%&'*+.^_`|~0-9A-Za-z-]+) ?\" has a value");

    private final ObjectMapper json;
    private final MethodRefusals methods;

    public RejectedRequests(ObjectMapper json, MethodRefusals methods) {
        this.json = json;
        this.methods = methods;
    }

    /** A method no endpoint has is the 405 a method the path does not take is ({@link MethodRefusals}). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        if (MethodRefusals.isAboutMethod(e)) {
            methods.write(request, response);
            return;
        }
        ProblemFormat.write(json, request, response, problem(e));
    }

    static ProblemDetail problem(RequestRejectedException e) {
        String reason = String.valueOf(e.getMessage()).replace("The request was rejected because ", "");
        Matcher header = HEADER.matcher(reason);
        ProblemDetail problem;
        if (header.find()) {
            // The firewall's words name the header as the container gives it (lower case); the field is its usual spelling.
            problem = ProblemFormat.invalid(canonical(header.group(1)), "was refused: " + reason
                    + "; a header holds visible ASCII only (UTF-8 text read as Latin-1 brings control characters)",
                    RuleCode.FIELD_TEXT_CHARACTERS.with());
        } else {
            problem = ProblemFormat.invalid(reason.contains("header") ? "header" : "path",
                    "was refused: " + reason + "; the API's paths have no ';', '//', '..' or encoded '/', '\\' or '%'",
                    RuleCode.REQUEST_MALFORMED.with());
        }
        problem.setTitle("Request refused");
        return problem;
    }

    /** {@code if-match} as {@code If-Match}, {@code x-request-id} as {@code X-Request-Id}. */
    private static String canonical(String name) {
        StringBuilder spelt = new StringBuilder(name.length());
        boolean start = true;
        for (char c : name.strip().toCharArray()) {
            spelt.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == '-';
        }
        return spelt.toString();
    }
}
