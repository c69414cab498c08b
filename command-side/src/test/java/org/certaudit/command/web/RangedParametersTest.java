package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;
import org.certaudit.command.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The command side reads no whole number through the binder today (versions come as {@code If-Match} text, numbers in
 * bodies); one added later declares its range with {@code @Min} and {@code @Max}, so that a value beyond its type is
 * refused naming that range, as on the query side ({@code RangedParametersTest} there).
 */
class RangedParametersTest extends HttpTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void everyWholeNumberParameterOfTheHandlersDeclaresItsRange() {
        List<String> wholeNumbers = new ArrayList<>();
        List<String> unranged = new ArrayList<>();
        handlers.getHandlerMethods().values().forEach(method -> {
            for (MethodParameter parameter : method.getMethodParameters()) {
                Class<?> type = parameter.getParameterType();
                if ((type == int.class || type == Integer.class || type == long.class || type == Long.class)
                        && (parameter.hasParameterAnnotation(RequestParam.class)
                        || parameter.hasParameterAnnotation(PathVariable.class)
                        || parameter.hasParameterAnnotation(RequestHeader.class))) {
                    String name = method.getBeanType().getSimpleName() + "." + method.getMethod().getName() + " "
                            + parameter.getParameterName();
                    wholeNumbers.add(name);
                    if (!parameter.hasParameterAnnotation(Min.class) || !parameter.hasParameterAnnotation(Max.class)) {
                        unranged.add(name);
                    }
                }
            }
        });
        assertThat(handlers.getHandlerMethods()).as("the handlers were found").isNotEmpty();
        assertThat(unranged).isEmpty();
        assertThat(wholeNumbers).as("none today: a new one belongs in a table of refusals like the query side's").isEmpty();
    }
}
