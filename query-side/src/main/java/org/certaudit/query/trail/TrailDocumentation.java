package org.certaudit.query.trail;

import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The trail's {@code type} and {@code order} in the API's document with the values they take, from
 * {@link TrailFilter#EVENT_TYPES} and {@link TrailOrder}, so that an event added to {@code AuditEvent} is documented
 * with it.
 */
@Configuration(proxyBeanMethods = false)
class TrailDocumentation {

    @Bean
    OperationCustomizer trailParameterValues() {
        return (operation, handlerMethod) -> {
            if (handlerMethod.getBeanType() == TrailController.class && operation.getParameters() != null) {
                for (Parameter parameter : operation.getParameters()) {
                    if (parameter.getName().equals("type") && parameter.getSchema() != null
                            && parameter.getSchema().getItems() != null) {
                        enumerate(parameter.getSchema().getItems(), TrailFilter.EVENT_TYPES);
                    } else if (parameter.getName().equals("order") && parameter.getSchema() != null) {
                        enumerate(parameter.getSchema(), TrailOrder.PARAMETER_VALUES);
                        parameter.getSchema().setDefault(TrailOrder.OLDEST.parameterValue());
                    }
                }
            }
            return operation;
        };
    }

    @SuppressWarnings("unchecked")
    private static void enumerate(Schema<?> schema, List<String> values) {
        ((Schema<String>) schema).setEnum(values);
    }
}
