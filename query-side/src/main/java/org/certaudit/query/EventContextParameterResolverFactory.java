package org.certaudit.query;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

/**
 * Lets event handlers take an {@link EventContext} parameter. Registered through
 * {@code META-INF/services} so that Axon finds it with and without Spring.
 */
public class EventContextParameterResolverFactory implements ParameterResolverFactory {

    @Override
    public ParameterResolver<EventContext> createInstance(Executable executable, Parameter[] parameters, int parameterIndex) {
        if (!EventContext.class.equals(parameters[parameterIndex].getType())) {
            return null;
        }
        return new ParameterResolver<>() {
            @Override
            public EventContext resolveParameterValue(Message<?> message) {
                return EventContext.of((EventMessage<?>) message);
            }

            @Override
            public boolean matches(Message<?> message) {
                return message instanceof EventMessage<?>;
            }
        };
    }
}
