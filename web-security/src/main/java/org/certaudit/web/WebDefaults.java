package org.certaudit.web;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults of the HTTP contract that are Spring Boot properties, with the lowest precedence (an application may still
 * choose otherwise). {@code spring.mvc.formcontent.filter.enabled=false}: Spring's {@code FormContentFilter} reads a
 * form body ({@code application/x-www-form-urlencoded}) on {@code PUT}, {@code PATCH} and {@code DELETE} into
 * parameters, whole and with no limit, and fails with a 500 on a broken escape; no endpoint of either side takes form
 * fields on those methods, so such a body is left to the endpoint, which refuses it by its content type. Forms on
 * {@code POST} are read strictly and held to the API's limit ({@link FormBodyFilter}).
 */
public class WebDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "certauditWebDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME,
                Map.of("spring.mvc.formcontent.filter.enabled", "false")));
    }
}
