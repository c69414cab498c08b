package org.certaudit.command.web;

import jakarta.validation.ClockProvider;
import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The day an act was recorded for (a pledge signed, a report written, a review, a decision) is a day that has come:
 * {@code @PastOrPresent} on those dates, judged on the certification body's calendar
 * ({@code certaudit.time-zone}, default Asia/Shanghai), not the server's. Bean Validation reads "now" from its
 * {@link ClockProvider}, which this sets; a later day is a 400 {@code field.not-after-today} naming the field.
 */
@Configuration(proxyBeanMethods = false)
class ActDates {

    @Bean
    ValidationConfigurationCustomizer certificationBodyCalendar(
            @Value("${certaudit.time-zone:Asia/Shanghai}") String zone) {
        Clock clock = Clock.system(ZoneId.of(zone));
        ClockProvider provider = () -> clock;
        return configuration -> configuration.clockProvider(provider);
    }
}
