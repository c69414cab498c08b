package org.certaudit.command.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.certaudit.command.audit.AuditMetaData;
import org.certaudit.security.PersonNames;
import org.slf4j.MDC;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Stamps every dispatched command with the authenticated user, that person's name as it stands now (a token's
 * {@code name} claim, else {@code certaudit.people}; none when neither gives one), the request id and the request's
 * {@code Idempotency-Key} (if it has one), so that the aggregate can check team membership and
 * every event it applies carries them (copied on by the correlation data provider): the record names the person as
 * they were named when they acted, whatever the configuration says later. Values
 * already on the command are kept: a command sent outside an HTTP request (a loader, a test)
 * states them itself.
 */
public class RequestMetaDataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    /** The MDC key the request-id filter sets for the current request. */
    public static final String MDC_REQUEST_ID = org.certaudit.web.ProblemFormat.REQUEST_ID;
    /**
     * The request attribute the idempotency filter sets to the request's {@code Idempotency-Key}: the
     * command the request sends carries it, and so do the events it causes.
     */
    public static final String IDEMPOTENCY_KEY_ATTRIBUTE = RequestMetaDataInterceptor.class.getName() + ".idempotencyKey";

    private final PersonNames names;

    public RequestMetaDataInterceptor(PersonNames names) {
        this.names = names;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, Object> added = new HashMap<>();
            if (!command.getMetaData().containsKey(AuditMetaData.USER)) {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.isAuthenticated()
                        && !(authentication instanceof AnonymousAuthenticationToken)) {
                    added.put(AuditMetaData.USER, authentication.getName());
                    String name = names.of(authentication);
                    if (name != null && !command.getMetaData().containsKey(AuditMetaData.PERSON_NAME)) {
                        added.put(AuditMetaData.PERSON_NAME, name);
                    }
                }
            }
            if (!command.getMetaData().containsKey(AuditMetaData.IDEMPOTENCY_KEY)
                    && RequestContextHolder.getRequestAttributes() != null
                    && RequestContextHolder.getRequestAttributes().getAttribute(IDEMPOTENCY_KEY_ATTRIBUTE,
                            RequestAttributes.SCOPE_REQUEST) instanceof String key) {
                added.put(AuditMetaData.IDEMPOTENCY_KEY, key);
            }
            if (!command.getMetaData().containsKey(AuditMetaData.REQUEST_ID)) {
                String requestId = MDC.get(MDC_REQUEST_ID);
                added.put(AuditMetaData.REQUEST_ID, requestId != null ? requestId : UUID.randomUUID().toString());
            }
            return added.isEmpty() ? command : command.andMetaData(added);
        };
    }
}
