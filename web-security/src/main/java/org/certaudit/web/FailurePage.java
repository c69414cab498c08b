package org.certaudit.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.lang.Nullable;
import org.springframework.web.servlet.ModelAndView;

/**
 * A side's own page for an unexpected failure of one of its pages for people (the query side's console): a browser's
 * user reads it, in place of the problem document that API clients keep. {@link ProblemResponses} logs the failure and
 * asks the side's one bean of this type, if there is one, before it answers with the problem.
 */
@FunctionalInterface
public interface FailurePage {

    /**
     * The page answering this request's unexpected failure, with status 500 and no internals, or null when the problem
     * answers it (an API, a client that did not ask for HTML).
     */
    @Nullable
    ModelAndView unexpected(HttpServletRequest request);
}
