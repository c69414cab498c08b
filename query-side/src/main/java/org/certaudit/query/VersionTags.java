package org.certaudit.query;

import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.scorecard.ScorecardView;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * An audit and its scorecard carry the audit version they show as their {@code ETag} ({@code "101"}, RFC 9110 8.8.3):
 * the value a client sends back as {@code If-Match} with a change that rests on what it read (the command side
 * requires it for a certification decision and answers 412 when the audit has moved on). The same number is the
 * answer's {@code version}.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before the ledger's advice wraps the answer
class VersionTags implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod())) {
            Long version = body instanceof AuditDetail audit ? Long.valueOf(audit.version())
                    : body instanceof ScorecardView card ? Long.valueOf(card.version()) : null;
            if (version != null) {
                response.getHeaders().setETag("\"" + version + "\"");
            }
        }
        return body;
    }
}
