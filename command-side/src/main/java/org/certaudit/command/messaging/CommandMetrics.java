package org.certaudit.command.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.certaudit.command.audit.AuditRefusalException;

/**
 * Counts handled commands as {@code audit.commands} by command name and outcome: {@code handled}
 * (its events are stored), {@code rejected} (a rule, a permission or a stale version refused
 * it, or it lost a race with a change made at the same time, on this instance or another: normal
 * business) or {@code failed} (anything else, including a failed commit: look into it). Tags stay
 * low-cardinality: never an audit id or a user.
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
            count(command, outcome(e));
            throw e;
        }
        unitOfWork.afterCommit(u -> count(command, "handled"));
        unitOfWork.onRollback(u -> count(command, outcome(u.getExecutionResult().getExceptionResult())));
        return result;
    }

    /**
     * A lost race surfaces at commit, when the store refuses a duplicate (aggregate, sequence number):
     * Axon's {@link ConcurrencyException}, or {@link AggregateStreamCreationException} for a new project.
     */
    private static String outcome(Throwable failure) {
        return failure instanceof AuditRefusalException || failure instanceof ConcurrencyException
                || failure instanceof AggregateStreamCreationException ? "rejected" : "failed";
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
