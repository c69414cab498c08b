package org.certaudit.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.GenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Refuses, before the handler runs, a request whose {@code Accept} header ({@link AcceptHeader}) takes none of the
 * representations the handler answers in: 406, so a refused command writes nothing and a refused read is not made.
 * Spring MVC would pick a type the header refuses with {@code q=0} ({@code application/json;q=0}, or
 * {@code *}/{@code *}{@code , application/json;q=0}) and answer in it. The representations are the handler's
 * {@code produces}, else the types the message converters write its declared body in (JSON for a record). A handler
 * whose body could be of any type, a page (its view decides), or one answering a problem is left to Spring MVC, or to the
 * handler itself when a parameter chooses its type ({@link AcceptHeader#require}); so are
 * handlers outside certaudit's packages (the actuator, the OpenAPI document), which negotiate as their framework does.
 * Problems are answered whatever {@code Accept} says, this 406 included.
 */
public class AcceptInterceptor implements HandlerInterceptor {

    private static final List<MediaType> UNDECIDED = List.of();

    private final Supplier<List<HttpMessageConverter<?>>> converters;
    private final Map<Method, List<MediaType>> written = new ConcurrentHashMap<>();

    /** @param converters Spring MVC's message converters, read on the first request (they are built after this) */
    public AcceptInterceptor(Supplier<List<HttpMessageConverter<?>>> converters) {
        this.converters = converters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        // Only the request as sent: a forward to the error page answers a problem, and an async dispatch was weighed.
        if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().startsWith("org.certaudit")) {
            return true;
        }
        List<MediaType> representations = representations(request, method);
        if (!representations.isEmpty() && !AcceptHeader.of(request).takesAnyOf(representations)) {
            throw new HttpMediaTypeNotAcceptableException(representations);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private List<MediaType> representations(HttpServletRequest request, HandlerMethod method) {
        Set<MediaType> produces = (Set<MediaType>) request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
        if (produces != null && !produces.isEmpty()) {
            return List.copyOf(produces);
        }
        return written.computeIfAbsent(method.getMethod(), m -> written(method));
    }

    /** The types the converters write the handler's declared body in, as Spring MVC finds them for the actual value. */
    private List<MediaType> written(HandlerMethod method) {
        Class<?> declared = method.getReturnType().getParameterType();
        boolean entity = HttpEntity.class.isAssignableFrom(declared);
        if (!entity && !method.hasMethodAnnotation(ResponseBody.class)
                && !AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)) {
            return UNDECIDED;
        }
        ResolvableType type = ResolvableType.forMethodParameter(method.getReturnType());
        if (entity) {
            type = type.as(HttpEntity.class).getGeneric(0);
        }
        Class<?> body = type.resolve();
        if (body == null || body == Object.class || body == void.class || body == Void.class
                || ProblemDetail.class.isAssignableFrom(body)) {
            return UNDECIDED;
        }
        Set<MediaType> types = new LinkedHashSet<>();
        for (HttpMessageConverter<?> converter : converters.get()) {
            boolean writes = converter instanceof GenericHttpMessageConverter<?> generic
                    ? generic.canWrite(type.getType(), body, null)
                    : converter instanceof SmartHttpMessageConverter<?> smart
                    ? smart.canWrite(type, body, null)
                    : converter.canWrite(body, null);
            if (writes) {
                types.addAll(converter.getSupportedMediaTypes(body));
            }
        }
        // A wildcard (a String or bytes, which any type may label) is decided by the value, after the handler.
        return types.isEmpty() || types.stream().anyMatch(t -> !t.isConcrete()) ? UNDECIDED : List.copyOf(types);
    }
}
