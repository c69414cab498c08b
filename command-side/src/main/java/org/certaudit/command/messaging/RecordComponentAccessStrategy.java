package org.certaudit.command.messaging;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.common.property.MethodAccessedProperty;
import org.axonframework.common.property.Property;
import org.axonframework.common.property.PropertyAccessStrategy;

/**
 * Reads a property of a record, such as a command's routing key {@code auditId}, through the record component's
 * accessor ({@code auditId()}), looked up once per record class. Registered with Axon through
 * {@code META-INF/services}, at priority 1024, ahead of Axon's bean strategy (0), uniform strategy (-1024) and
 * direct field strategy (-2048).
 * <p>
 * Why: Axon looks up the routing keys of an {@code @AggregateMember} collection's command handlers again on every
 * command routed into it, one property per handler of the entity (thirteen for an audit). For a record the bean
 * strategy asks first for {@code getAuditId()}, which copies every public method of the class and then throws
 * {@link NoSuchMethodException}: 5% of the command side's allocation in a flight recording of the 8-client load
 * (benchmark/README.md, "Session 19"). Anything but a component of a record is left to the other strategies.
 */
public final class RecordComponentAccessStrategy extends PropertyAccessStrategy {

    private static final ClassValue<Map<String, Property<?>>> COMPONENTS = new ClassValue<>() {
        @Override
        protected Map<String, Property<?>> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return Map.of();
            }
            Map<String, Property<?>> properties = new HashMap<>();
            for (RecordComponent component : type.getRecordComponents()) {
                properties.put(component.getName(), new MethodAccessedProperty<>(component.getAccessor(),
                        component.getName()));
            }
            return Map.copyOf(properties);
        }
    };

    @Override
    protected int getPriority() {
        return 1024;
    }

    /** The component {@code property} of {@code targetClass} if that is a record that has it, else null. */
    @Override
    @SuppressWarnings("unchecked")
    protected <T> Property<T> propertyFor(Class<? extends T> targetClass, String property) {
        return (Property<T>) COMPONENTS.get(targetClass).get(property);
    }
}
