package org.certaudit.query.console;

import jakarta.servlet.http.HttpServletRequest;
import org.certaudit.web.AcceptHeader;
import org.certaudit.web.FailurePage;
import org.certaudit.web.ProblemFormat;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * A console page that failed unexpectedly, asked for by a browser, answers with the console's error page (500, the
 * request id to quote, nothing of the failure itself), as its known refusals do; an API client, one asking for JSON or
 * a problem among them, keeps the problem. The failure is logged with the request id before this page is chosen.
 */
@Component
class ConsoleFailurePage implements FailurePage {

    private final MessageSource messages;

    ConsoleFailurePage(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public ModelAndView unexpected(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler)
                || handler.getBeanType() != ConsoleController.class || !AcceptHeader.namesHtml(request)) {
            return null;
        }
        ModelAndView page = new ModelAndView("console/error", HttpStatus.INTERNAL_SERVER_ERROR);
        page.addObject("kind", ProblemFormat.INTERNAL_ERROR);
        page.addObject("message", messages.getMessage("error.unexpected", null, RequestContextUtils.getLocale(request)));
        page.addObject("requestId", request.getAttribute(ProblemFormat.REQUEST_ID_ATTRIBUTE));
        page.addObject("user", ConsolePageNotFound.signedIn());
        return page;
    }
}
