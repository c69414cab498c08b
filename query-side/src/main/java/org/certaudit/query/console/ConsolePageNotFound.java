package org.certaudit.query.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.certaudit.web.AcceptHeader;
import org.certaudit.web.ProblemFormat;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * A browser asking for a console address that is no page (a shortened or mistyped link such as
 * {@code /console/projects/0455-2021-SE}) gets the console's error page with a 404, as a page refused for an unknown
 * audit does, not the problem document of an unknown API route. Any other client, one asking for JSON among them, keeps
 * that problem ({@code ProblemResponses}): this resolver declines and the handlers' advice answers.
 */
@Component
class ConsolePageNotFound implements HandlerExceptionResolver, Ordered {

    private final MessageSource messages;

    ConsolePageNotFound(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        if (!(e instanceof NoResourceFoundException || e instanceof NoHandlerFoundException)
                || !request.getRequestURI().substring(request.getContextPath().length()).startsWith("/console/")
                || !isRead(request) || !AcceptHeader.namesHtml(request)) {
            return null;
        }
        ModelAndView page = new ModelAndView("console/error", HttpStatus.NOT_FOUND);
        page.addObject("kind", ProblemFormat.NOT_FOUND);
        page.addObject("message", messages.getMessage("error.noPage", new Object[] {request.getRequestURI()},
                RequestContextUtils.getLocale(request)));
        page.addObject("user", signedIn());
        return page;
    }

    /** The signed-in user, for an error page's bar; null for an anonymous visitor. */
    static ConsoleUser signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken ? null : ConsoleUser.of(authentication);
    }

    /** Before the handlers' advice; after Boot's DefaultErrorAttributes, which only notes the exception. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    private static boolean isRead(HttpServletRequest request) {
        return HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
    }
}
