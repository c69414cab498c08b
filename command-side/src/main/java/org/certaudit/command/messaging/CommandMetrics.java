package org.certaudit.command.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.certaudit.command.audit.AuditRefusalException;

/**
 * Counts handled commands as {@code audit.commands} by command name and outcome: {@code handled}
 * (its events are stored), {@code rejected} (a rule, a permission or a stale version refused
 * it: normal business) or {@code failed} (anything else, including a failed commit: look into
 * it). Tags stay low-cardinality: never an audit id or a user.
 */
public class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    public static final String METER = "audit.commands";

    private final MeterRegistry registry;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
        Object result;
        try {
            result = chain.proceed();
        } catch (Exception e) {
            count(command, e instanceof AuditRefusalException ? "rejected" : "failed");
            throw e;
        }
        unitOfWork.afterCommit(u -> count(command, "handled"));
        unitOfWork.onRollback(u -> count(command, "failed"));
        return result;
    }

    private void count(String command, String outcome) {
        Counter.builder(METER)
                .description("Audit commands by command name and outcome (handled, rejected, failed)")
                .tag("command", command)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
