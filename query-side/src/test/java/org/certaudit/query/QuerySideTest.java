package org.certaudit.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The query side as it runs, on an embedded in-memory store at a free port. Every class with this
 * annotation shares one Spring context; each uses its own project numbers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certaudit.embedded.enabled=true",
        "certaudit.embedded.in-memory=true",
        "certaudit.embedded.port=0",
        "server.port=0"})
public @interface QuerySideTest {
}
