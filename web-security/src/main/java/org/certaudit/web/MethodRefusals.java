package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Answers a method refused before the dispatcher routes the request, as the dispatcher answers a method a path does not
 * take: a 405 with the {@code Allow} header and {@link ProblemFormat#methodNotAllowed}. Spring Security's firewall
 * refuses methods no endpoint has ({@code TRACE}, {@code PROPFIND}, any other token) and the container refuses
 * {@code TRACE} and {@code CONNECT} itself (405 and 501); both were answered as a malformed path (400) or an internal
 * error (501). The methods a path takes are read from the dispatcher's handler mappings; a path no endpoint has is the
 * 404 it would be for any method.
 */
public class MethodRefusals {

    /** StrictHttpFirewall: 'The request was rejected because the HTTP method "X" was not included within the list ...'. */
    private static final Pattern FIREWALL_METHOD = Pattern.compile("the HTTP method \"[^\"]*\" was not included");

    private final ObjectMapper json;
    private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

    public MethodRefusals(ObjectMapper json, ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
        this.json = json;
        this.mappings = mappings;
    }

    /** Whether the firewall refused the request for its method. */
    static boolean isAboutMethod(RequestRejectedException e) {
        return e.getMessage() != null && FIREWALL_METHOD.matcher(e.getMessage()).find();
    }

    /** The answer to {@code method} on {@code path}: its status, the {@code Allow} value (null on a 404) and the problem. */
    record Answer(int status, String allow, ProblemDetail problem) {
    }

    /** The 405 for {@code method} on {@code path}, or the 404 when no endpoint has that path. */
    Answer answer(String method, String path) {
        Set<String> allowed = allowedOn(path);
        if (allowed.isEmpty()) {
            ProblemDetail problem = ProblemFormat.of(HttpStatus.NOT_FOUND, ProblemFormat.NOT_FOUND, "no endpoint " + method
                    + " " + path + "; the API is documented at /swagger-ui.html (OpenAPI at /v3/api-docs)");
            problem.setTitle("No such endpoint");
            problem.setInstance(ProblemFormat.instance(path));
            return new Answer(HttpStatus.NOT_FOUND.value(), null, problem);
        }
        ProblemDetail problem = ProblemFormat.methodNotAllowed(method, path, allowed);
        problem.setInstance(ProblemFormat.instance(path));
        return new Answer(HttpStatus.METHOD_NOT_ALLOWED.value(), String.join(", ", allowed), problem);
    }

    /**
     * Whether the request's path is one an endpoint has and its method one that path does not take: the 405 a request
     * gets once it is routed, whoever refuses it first (the authorization rules, by role and method, come before).
     */
    public boolean notTaken(HttpServletRequest request) {
        Set<String> allowed = allowedOn(request.getRequestURI());
        return !allowed.isEmpty() && !allowed.contains(request.getMethod());
    }

    /**
     * Writes the answer to the request's method on the path it was sent to (on an error dispatch, the path of the
     * request that failed).
     */
    public void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Answer answer = answer(request.getMethod(), failed != null ? failed.toString() : request.getRequestURI());
        response.setHeader(HttpHeaders.ALLOW, answer.allow());
        ProblemFormat.write(json, request, response, answer.problem());
    }

    /** The problem as the JSON text {@link ProblemFormat#write} sends, for the container's error report. */
    String text(ProblemDetail problem) throws IOException {
        return json.writeValueAsString(ProblemFormat.normalize(problem));
    }

    /**
     * The methods the handler mappings take on {@code path} (a raw request path, context path included as the
     * applications have none), sorted; {@code HEAD} wherever {@code GET} is, {@code OPTIONS} on every path an endpoint
     * has, as the dispatcher answers both. Empty when no endpoint has the path.
     */
    Set<String> allowedOn(String path) {
        PathContainer container = PathContainer.parsePath(path);
        Set<String> methods = new TreeSet<>();
        boolean found = false;
        for (RequestMappingInfoHandlerMapping mapping : mappings.orderedStream().toList()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
                if (patterns == null || patterns.getPatterns().stream().noneMatch(pattern -> pattern.matches(container))) {
                    continue;
                }
                found = true;
                Set<RequestMethod> taken = info.getMethodsCondition().getMethods();
                for (RequestMethod method : taken.isEmpty() ? Set.of(RequestMethod.values()) : taken) {
                    if (method != RequestMethod.TRACE) {
                        methods.add(method.name());
                    }
                }
            }
        }
        if (found) {
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
        }
        return methods;
    }
}
