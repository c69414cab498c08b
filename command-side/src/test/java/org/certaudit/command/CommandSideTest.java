package org.certaudit.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one Spring configuration every HTTP test shares, so that they all run in one context: the
 * whole app on a random port with the embedded in-memory store, the local demo users and the
 * Prometheus endpoint (Boot's tests leave metrics export off unless asked), and a {@link TestClock}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certaudit.embedded.in-memory=true",
        "certaudit.embedded.port=0",
        "axoniq.update-checker.disabled=true"})
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
@ActiveProfiles("local")
@Import(TestClock.Config.class)
public @interface CommandSideTest {
}
