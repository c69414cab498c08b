package org.certaudit.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query parameter the endpoint does not declare: a misspelt or unsupported filter
 * ({@code ?organization=...} where there is no such filter) would otherwise be ignored and the
 * caller would read everything as if filtered. Applies to the API ({@code /api/**}) of both sides,
 * to every handler of certaudit's own packages; the declared names are the handler method's
 * {@code @RequestParam}s. Pages for people (the console) take parameters that the framework reads
 * ({@code lang}, {@code _csrf}), so they are left to their handlers. A parameter given more than once is
 * refused too.
 */
public class UnknownParameterInterceptor implements HandlerInterceptor {

    private static final Set<String> ANY = Set.of();
    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();
    private final Map<java.lang.reflect.Method, Set<String>> declared = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().startsWith("org.certaudit")
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return true;
        }
        Set<String> names = declared.computeIfAbsent(method.getMethod(), m -> names(method));
        if (names == ANY) {
            return true;
        }
        for (String given : request.getParameterMap().keySet()) {
            if (!names.contains(given)) {
                throw new InvalidInputException(given, RuleCode.FIELD_UNKNOWN.with(), "is not a parameter of " + request.getMethod() + " "
                        + request.getRequestURI() + (names.isEmpty() ? ", which takes none"
                        : "; its parameters: " + String.join(", ", names)));
            }
            int times = request.getParameterValues(given).length;
            if (times > 1) {
                // Spring would read the first of a number and join texts with commas: neither is what was meant.
                throw new InvalidInputException(given, RuleCode.FIELD_DUPLICATE.with(), "is given " + times + " times; send it once");
            }
        }
        return true;
    }

    private static Set<String> names(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            parameter.initParameterNameDiscovery(NAMES);
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                    return ANY;
                }
                String name = !param.name().isEmpty() ? param.name() : param.value();
                names.add(name.isEmpty() ? parameter.getParameterName() : name);
            } else if (parameter.hasParameterAnnotation(ModelAttribute.class)) {
                return ANY;
            }
        }
        return names;
    }
}
