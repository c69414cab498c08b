package org.certaudit.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.res.StringManager;

/**
 * Tomcat's error report for what never reaches the application (an undecodable path, an
 * encoded {@code /}, a raw non-ASCII byte in the request line, oversized headers): the same
 * RFC 9457 problem as everywhere else, instead of Tomcat's HTML page; a 400 names the rule
 * {@code request.malformed} ({@link RuleCode#REQUEST_MALFORMED}) like every other refusal, and a 413 (the container
 * refusing a body it would otherwise have to hold) names {@code body} and {@code body.too-large} with the API's limit
 * in bytes, as {@link ProblemFormat#bodyTooLarge(int)} does; the 501 for {@code CONNECT} is the 405 of
 * {@link MethodRefusals}.
 * <p>
 * Headers over the connector's limit ({@code server.max-http-request-header-size}: the request line and the headers
 * together, in bytes) are a 431 Request Header Fields Too Large (RFC 6585 section 5) naming {@code headers} with
 * {@code request.headers-too-large} and that {@code limit}. Tomcat 10.1 itself answers them 400: its
 * {@code Http11InputBuffer} throws an {@code IllegalArgumentException} ("Request header is too large") while it reads
 * them, before any filter, and the processor sends the request on to this valve with status 400 and that exception
 * (the only trace of the cause it keeps), which is where the status becomes 431. A request line alone over the limit
 * (the request target was not read whole) and more headers than the connector reads ({@code maxHeaderCount}) stay
 * 400 {@code request.malformed}.
 */
public class ProblemReportValve extends ErrorReportValve {

    /** Tomcat's message for headers over its limit ({@code Http11InputBuffer}), in the JVM's language and in English. */
    private static final Set<String> HEADERS_TOO_LARGE = Stream.of(Locale.getDefault(), Locale.ENGLISH)
            .map(locale -> StringManager.getManager("org.apache.coyote.http11", locale)
                    .getString("iib.requestheadertoolarge.error"))
            .collect(Collectors.toUnmodifiableSet());

    /** Answers the container's 501 for {@code CONNECT}; gives null in a valve Tomcat made itself, which keeps the 501. */
    private final Supplier<MethodRefusals> methods;

    public ProblemReportValve() {
        this(() -> null);
    }

    /**
     * @param methods answers {@code CONNECT}, which the container refuses with 501, with the 405 of any other method
     *                (looked up when needed: the valve is made before the application's handler mappings)
     */
    public ProblemReportValve(Supplier<MethodRefusals> methods) {
        this.methods = methods;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        int headerLimit = status == 400 ? headerSectionLimit(request, throwable) : -1;
        if (headerLimit > 0) {
            status = 431;
            response.setStatus(status);
        }
        Object id = request.getAttribute(ProblemFormat.REQUEST_ID_ATTRIBUTE);
        String requestId = id == null ? UUID.randomUUID().toString() : id.toString();
        MethodRefusals refusals = status == 501 ? methods.get() : null;
        if (refusals != null) {
            // The container answers CONNECT with 501 before any filter or servlet: a method the API does not take, as
            // TRACE and WebDAV's are, is the client's mistake (RFC 9110 15.5.6), not the server's failure.
            reportMethod(refusals, request, response, requestId);
            return;
        }
        String kind = ProblemFormat.kindOf(status);
        String message = response.getMessage();
        String detail = switch (status) {
            case 400 -> "the request line or headers are malformed"
                    + (message == null || message.isBlank() ? "" : " (" + message + ")")
                    + "; percent-encode the path and query as UTF-8, without encoded '/' or NUL";
            case 404 -> "no endpoint here; the API is documented at /swagger-ui.html";
            case 413 -> "the body " + ProblemFormat.bodyTooLargeMessage(StrictJsonHttpMessageConverter.MAX_BODY_BYTES);
            case 431 -> "the request line and headers " + (headerLimit > 0 ? headersTooLargeMessage(headerLimit)
                    : "are too large") + "; send fewer or shorter headers";
            default -> status >= 500 ? "the server failed to handle the request; quote the request id when reporting it"
                    : "the request was refused" + (message == null || message.isBlank() ? "" : " (" + message + ")");
        };
        String errors = switch (status) {
            case 400 -> "[{\"field\":\"request\",\"message\":\"" + escape(detail) + "\",\"code\":\""
                    + RuleCode.REQUEST_MALFORMED.code() + "\",\"arguments\":{}}]";
            // As ProblemFormat.bodyTooLarge has it: the body, the rule and its limit in bytes.
            case 413 -> "[{\"field\":\"body\",\"message\":\""
                    + ProblemFormat.bodyTooLargeMessage(StrictJsonHttpMessageConverter.MAX_BODY_BYTES) + "\",\"code\":\""
                    + RuleCode.BODY_TOO_LARGE.code() + "\",\"arguments\":{\"limit\":"
                    + StrictJsonHttpMessageConverter.MAX_BODY_BYTES + "}}]";
            case 431 -> headerLimit <= 0 ? "[]" : "[{\"field\":\"headers\",\"message\":\"" + headersTooLargeMessage(headerLimit)
                    + "\",\"code\":\"" + RuleCode.REQUEST_HEADERS_TOO_LARGE.code() + "\",\"arguments\":{\"limit\":"
                    + headerLimit + "}}]";
            default -> "[]";
        };
        String body = "{\"type\":\"" + ProblemFormat.TYPE_PREFIX + kind + "\",\"title\":\"" + escape(title(status))
                + "\",\"status\":" + status + ",\"detail\":\"" + escape(detail) + "\",\"errors\":" + errors
                + ",\"requestId\":\"" + escape(requestId) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader(RequestIdFilter.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone: nothing left to tell
        }
    }

    private static void reportMethod(MethodRefusals methods, Request request, Response response, String requestId) {
        try {
            MethodRefusals.Answer answer = methods.answer(request.getMethod(), String.valueOf(request.getRequestURI()));
            answer.problem().setProperty(ProblemFormat.REQUEST_ID, requestId);
            response.setStatus(answer.status());
            response.setHeader("Allow", answer.allow());
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader(RequestIdFilter.HEADER, requestId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(methods.text(answer.problem()));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone: nothing left to tell
        }
    }

    /**
     * The connector's limit in bytes for the request line and headers together, when {@code throwable} is Tomcat's
     * refusal of headers over it, read after a whole request line; else -1. Tomcat gives that refusal no type or code
     * of its own, only its message, in the JVM's language: it is compared with Tomcat's own words, in that language
     * and in English. A request line over the limit is refused with the same words before the request target is set.
     */
    private static int headerSectionLimit(Request request, Throwable throwable) {
        if (!(throwable instanceof IllegalArgumentException) || !HEADERS_TOO_LARGE.contains(throwable.getMessage())
                || request.getCoyoteRequest().requestURI().isNull()
                || !(request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http11)) {
            return -1;
        }
        return http11.getMaxHttpRequestHeaderSize();
    }

    /** The message of the {@code errors[]} entry, also in the detail: "must be at most 32768 bytes together". */
    private static String headersTooLargeMessage(int limit) {
        return "must be at most " + limit + " bytes together";
    }

    private static String title(int status) {
        if (status == 413) {
            return "Body too large";
        }
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "Error " + status : known.getReasonPhrase();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
