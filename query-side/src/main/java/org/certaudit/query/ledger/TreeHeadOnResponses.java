package org.certaudit.query.ledger;

import org.certaudit.ledger.treehead.SignedTreeHead;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.time.Instant;

/**
 * Every answer about an audit or a project (scorecards, histories, trails, lineage, lists) carries the
 * latest signed tree head at the moment it was computed, in three headers, so that a reader who keeps the
 * answer can later prove with the log what the record held then:
 * {@code Ledger-Tree-Size}, {@code Ledger-Root-Hash} (hex) and {@code Ledger-Tree-Head-Time} (ISO-8601).
 * Evidence bundles carry their own tree head instead.
 */
@ControllerAdvice
class TreeHeadOnResponses implements ResponseBodyAdvice<Object> {

    static final String TREE_SIZE = "Ledger-Tree-Size";
    static final String ROOT_HASH = "Ledger-Root-Hash";
    static final String TREE_HEAD_TIME = "Ledger-Tree-Head-Time";
    private final TransparencyLog log;

    TreeHeadOnResponses(TransparencyLog log) {
        this.log = log;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.getContainingClass().getPackageName().startsWith("org.certaudit.query")
               && returnType.getContainingClass() != LedgerController.class;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        String path = request.getURI().getPath();
        if (path.startsWith("/api/audits") || path.startsWith("/api/projects")) {
            log.store().latestHead().ifPresent(head -> headers(head, response));
        }
        return body;
    }

    private static void headers(SignedTreeHead head, ServerHttpResponse response) {
        response.getHeaders().set(TREE_SIZE, Long.toString(head.treeSize()));
        response.getHeaders().set(ROOT_HASH, head.rootHash());
        response.getHeaders().set(TREE_HEAD_TIME, Instant.ofEpochMilli(head.timestamp()).toString());
    }
}
