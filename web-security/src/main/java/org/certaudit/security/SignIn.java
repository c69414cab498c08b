package org.certaudit.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;

/** How a request signs in, per {@code certaudit.security.mode}. */
public final class SignIn {

    private SignIn() {
    }

    /**
     * HTTP Basic against {@link BasicUsers}, or with mode {@code jwt} an OAuth2 resource server reading
     * user and roles with the {@link ClaimsConverter}; either answers a failed sign-in with {@code unauthorized}.
     */
    public static HttpSecurity apply(HttpSecurity http, AccessProperties access, AuthenticationEntryPoint unauthorized)
            throws Exception {
        if (access.mode() == AccessProperties.Mode.JWT) {
            return http.oauth2ResourceServer(server -> server
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new ClaimsConverter(access.jwt())))
                    .authenticationEntryPoint(unauthorized));
        }
        return http.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized));
    }
}
