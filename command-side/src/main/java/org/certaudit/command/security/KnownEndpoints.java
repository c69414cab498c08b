package org.certaudit.command.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The requests whose path is one of the API's endpoints (by any method), read from the handlers themselves: the role
 * rule for the rest of {@code /api/**} applies to these only, so that a path no endpoint has is a 404 for every signed-in
 * user rather than a role refusal for those who lack the role a real endpoint there would need.
 */
final class KnownEndpoints implements RequestMatcher {

    private final ObjectProvider<RequestMappingHandlerMapping> handlers;
    private final String prefix;
    /** Built on first use: the handlers are registered after the security filter chain is. */
    private volatile List<RequestMatcher> paths;

    KnownEndpoints(ObjectProvider<RequestMappingHandlerMapping> handlers, String prefix) {
        this.handlers = handlers;
        this.prefix = prefix;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return paths().stream().anyMatch(path -> path.matches(request));
    }

    private List<RequestMatcher> paths() {
        List<RequestMatcher> known = paths;
        if (known == null) {
            known = handlers.getObject().getHandlerMethods().keySet().stream()
                    .map(RequestMappingInfo::getPatternValues)
                    .flatMap(java.util.Set::stream)
                    .filter(pattern -> pattern.startsWith(prefix))
                    .distinct()
                    .map(pattern -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(pattern))
                    .toList();
            paths = known;
        }
        return Objects.requireNonNull(known);
    }
}
