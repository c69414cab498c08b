package org.certaudit.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The query side as it runs locally (demo users), on an embedded in-memory store at a free port,
 * with metrics exported as in production. Every class with this annotation shares one Spring context; each uses its own
 * project numbers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ActiveProfiles("local")
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certaudit.embedded.enabled=true",
        "certaudit.embedded.in-memory=true",
        "certaudit.embedded.port=0",
        "server.port=0"})
public @interface QuerySideTest {
}
