package org.certaudit.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query parameter the endpoint does not declare: a misspelt or unsupported filter
 * ({@code ?organization=...} where there is no such filter) would otherwise be ignored and the
 * caller would read everything as if filtered. Applies to every handler of certaudit's own packages: on the API
 * ({@code /api/**}) of both sides to every method, and on pages for people (the console) to {@code GET} and
 * {@code HEAD} and to a handler answering a JSON body itself ({@code @RequestBody}, the console's scoring preview), where
 * the parameters the framework reads are let through as well ({@link #PAGE_PARAMETERS}, and on a change Spring Security's
 * {@code _csrf}); the console's changes post
 * through a handler that passes its parameters on to the API (the relay), which checks them. The declared
 * names are the handler method's {@code @RequestParam}s. A parameter given more than once is refused too, unless the
 * handler takes it as a list or an array (the trail's {@code type=ItemScored&type=ItemScoreRevised}, as a form's
 * checkboxes send it): then each is one of its values.
 */
public class UnknownParameterInterceptor implements HandlerInterceptor {

    private static final Set<String> ANY = Set.of();

    /**
     * What the framework reads on a page: the language switch ({@code lang}, Spring's locale change interceptor) and
     * Spring Security's {@code continue} (a saved request resumed after signing in), {@code error} and {@code logout}
     * (the sign-in page's notices), and {@code expired} (the sign-in page's notice that a form's session had ended).
     */
    public static final Set<String> PAGE_PARAMETERS = Set.of("lang", "continue", "error", "logout", "expired");
    /** Spring Security's CSRF token, which it reads from a parameter of a change as from its header. */
    private static final String CSRF_PARAMETER = "_csrf";
    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();
    private final Map<java.lang.reflect.Method, Set<String>> declared = new ConcurrentHashMap<>();
    /** Per handler method, the declared names it takes as a list or an array, which may be given more than once. */
    private final Map<java.lang.reflect.Method, Set<String>> repeatable = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // Only the request as the client sent it: an error forwarded to the error page keeps the original parameters,
        // which that page does not take, and refusing them would turn every 403 or 500 with a query into a 400.
        if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().startsWith("org.certaudit")) {
            return true;
        }
        // The decoded path: /%61pi/... is routed to the API as /api/... is.
        boolean api = request.getServletPath().startsWith("/api/");
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (!api && !read
                && Arrays.stream(method.getMethodParameters()).noneMatch(p -> p.hasParameterAnnotation(RequestBody.class))) {
            return true;
        }
        Set<String> names = declared.computeIfAbsent(method.getMethod(), m -> names(method));
        if (names == ANY) {
            return true;
        }
        for (String given : request.getParameterMap().keySet()) {
            boolean framework = !api && (PAGE_PARAMETERS.contains(given) || !read && given.equals(CSRF_PARAMETER));
            if (!names.contains(given) && !framework) {
                throw new InvalidInputException(given, RuleCode.FIELD_UNKNOWN.with(), "is not a parameter of " + request.getMethod() + " "
                        + request.getRequestURI() + (names.isEmpty() ? ", which takes none"
                        : "; its parameters: " + String.join(", ", names)));
            }
            int times = request.getParameterValues(given).length;
            if (times > 1 && !repeatable.computeIfAbsent(method.getMethod(), m -> repeatable(method)).contains(given)) {
                // Spring would read the first of a number and join texts with commas: neither is what was meant.
                throw new InvalidInputException(given, RuleCode.FIELD_DUPLICATE.with(), "is given " + times + " times; send it once");
            }
        }
        return true;
    }

    private static Set<String> names(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                    return ANY;
                }
                names.add(name(parameter, param));
            } else if (parameter.hasParameterAnnotation(ModelAttribute.class)) {
                return ANY;
            }
        }
        return names;
    }

    /** The {@code @RequestParam}s the handler takes as a {@link Collection} or an array. */
    private static Set<String> repeatable(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            Class<?> type = parameter.getParameterType();
            if (param != null && (type.isArray() || Collection.class.isAssignableFrom(type))) {
                names.add(name(parameter, param));
            }
        }
        return names;
    }

    private static String name(MethodParameter parameter, RequestParam param) {
        parameter.initParameterNameDiscovery(NAMES);
        String name = !param.name().isEmpty() ? param.name() : param.value();
        return name.isEmpty() ? parameter.getParameterName() : name;
    }
}
