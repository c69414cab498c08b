package org.certaudit.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.HtmlUtils;

/**
 * The page a browser is shown for a console page refused by a filter, rather than JSON: this module's filters and the
 * query side's sign-in form filter run before the console's templates and words are reachable, so the page is a plain
 * one, in both languages (the console's words for the kind of problem), with the field, the rule's code and the English
 * message, and a way back to the console. The console's own refusals are pages of its templates.
 */
public final class ConsoleRefusalPage {

    private ConsoleRefusalPage() {
    }

    /**
     * A browser asking for a console page (not its scripts' relay or assets), by the decoded path the dispatcher routes
     * ({@code /%63onsole/...} is {@code /console/...}), whatever the method: a page loaded, or a page's form posted.
     */
    public static boolean isFor(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String accept = request.getHeader("Accept");
        return (path.equals("/console") || path.startsWith("/console/")) && !path.startsWith("/console/command/")
                && !path.startsWith("/console/assets/") && accept != null && accept.contains("text/html");
    }

    /**
     * Answers with the page: {@code status} 400 (kind invalid input) or 413 (too large), {@code field} and
     * {@code message} as the problem's {@code errors[]} entry has them, {@code code} the rule's.
     */
    public static void write(HttpServletResponse response, int status, String field, String message, String code)
            throws IOException {
        String kind = status == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE ? ProblemFormat.PAYLOAD_TOO_LARGE
                : ProblemFormat.INVALID_INPUT;
        String words = kind.equals(ProblemFormat.PAYLOAD_TOO_LARGE) ? "内容过大 · Too large" : "输入有误 · Invalid input";
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        String html = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>无法完成 · Not possible</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head>"
                + "<body><main><h1>无法完成 · Not possible</h1><p class=\"problem\" role=\"alert\" data-kind=\"" + kind
                + "\"><strong>" + words + "</strong> <span>" + HtmlUtils.htmlEscape(field) + ":</span> "
                + "<span data-code=\"" + HtmlUtils.htmlEscape(code) + "\">" + HtmlUtils.htmlEscape(message) + "</span></p>"
                + "<p><a href=\"/console\">返回控制台 · Back to the console</a></p></main></body></html>\n";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }
}
