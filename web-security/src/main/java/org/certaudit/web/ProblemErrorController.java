package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page ({@code /error}): errors raised outside the handlers (a filter's
 * exception, a {@code sendError}) become problems like every other refusal, never Boot's
 * {@code {"status":999}} document; a method refused by the container or the firewall the 405 of {@link MethodRefusals};
 * a 413 (a form body over the limit, {@link FormBodyFilter}, or any other
 * {@code sendError(413)}) is the one every body over the limit gets ({@link ProblemFormat#bodyTooLarge(int)}). Asked
 * for directly, {@code /error} is an unknown route.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ObjectMapper json;
    private final MethodRefusals methods;

    public ProblemErrorController(ObjectMapper json, MethodRefusals methods) {
        this.json = json;
        this.methods = methods;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : uri.toString();
        if (code == null) {
            ProblemDetail problem = ProblemFormat.of(HttpStatus.NOT_FOUND, ProblemFormat.NOT_FOUND,
                    "no endpoint " + request.getMethod() + " " + path
                            + "; the API is documented at /swagger-ui.html (OpenAPI at /v3/api-docs)");
            problem.setTitle("No such endpoint");
            ProblemFormat.write(json, request, response, problem);
            return;
        }
        int status = code instanceof Integer number ? number : Integer.parseInt(code.toString());
        Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof RequestRejectedException rejected && !MethodRefusals.isAboutMethod(rejected)) {
            ProblemFormat.write(json, request, response, RejectedRequests.problem(rejected));
            return;
        }
        if (exception instanceof RequestRejectedException || status == 405 || status == 501) {
            // A method the firewall refused, or one the container refused itself (TRACE with a 405, CONNECT with a 501):
            // the 405 naming the method, with the methods the path takes.
            methods.write(request, response);
            return;
        }
        if (status == 413) {
            // Whoever refused the body (a filter's sendError, the container), the rule is the API's one limit.
            ProblemDetail problem = ProblemFormat.bodyTooLarge(StrictJsonHttpMessageConverter.MAX_BODY_BYTES);
            problem.setInstance(ProblemFormat.instance(path));
            ProblemFormat.write(json, request, response, problem);
            return;
        }
        if (status >= 500) {
            log.error("failure answered with {} for {}", status, path, exception);
        }
        ProblemDetail problem = ProblemFormat.of(HttpStatus.valueOf(status >= 400 && HttpStatus.resolve(status) != null
                ? status : 500), ProblemFormat.kindOf(status), detail(status, path, request));
        problem.setInstance(ProblemFormat.instance(path));
        ProblemFormat.write(json, request, response, problem);
    }

    private static String detail(int status, String path, HttpServletRequest request) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return switch (status) {
            case 400 -> "the request is malformed" + (message == null || message.toString().isBlank() ? ""
                    : ": " + message);
            case 404 -> "no endpoint at " + path + "; the API is documented at /swagger-ui.html";
            case 405 -> "this method is not allowed on " + path;
            default -> status >= 500 ? "the server failed to handle the request; quote the request id when reporting it"
                    : HttpStatus.resolve(status) == null ? "refused" : HttpStatus.valueOf(status).getReasonPhrase();
        };
    }
}
