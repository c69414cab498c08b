package org.certaudit.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Binds {@code certaudit.security.*} and, in mode {@code basic}, provides the configured users; gives both applications
 * the people's names ({@code certaudit.people}, a token's {@code name} claim). Before Spring Boot's own user service,
 * which would otherwise add a generated user.
 */
@AutoConfiguration(before = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(AccessProperties.class)
public class WebSecurityAutoConfiguration {

    @Bean
    @ConditionalOnProperty(name = "certaudit.security.mode", havingValue = "basic", matchIfMissing = true)
    UserDetailsService users(AccessProperties access) {
        return BasicUsers.from(access);
    }

    @Bean
    PersonNames personNames(Environment environment) {
        return PersonNames.from(environment);
    }
}
