package org.certaudit.query.certificates;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The certification body's calendar: "today" for a certificate's status is a day in its time zone. */
@Configuration(proxyBeanMethods = false)
class CertificatesConfiguration {

    @Bean
    Clock certificateClock(@Value("${certaudit.certificates.zone:${certaudit.time-zone:Asia/Shanghai}}") String zone) {
        return Clock.system(ZoneId.of(zone));
    }
}
