package org.certaudit.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads the user name and roles from the claims {@code certaudit.security.jwt.*} names: the user
 * from {@code user-claim} (else the subject), each role of {@code roles-claim} as {@code ROLE_<ROLE>}.
 */
public final class ClaimsConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final AccessProperties.Jwt claims;

    public ClaimsConverter(AccessProperties.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Object roles = jwt.getClaims().get(claims.rolesClaim());
        List<GrantedAuthority> authorities = roles instanceof Collection<?> list
                ? list.stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(
                        "ROLE_" + String.valueOf(r).toUpperCase(Locale.ROOT))).toList()
                : List.of();
        String user = jwt.getClaimAsString(claims.userClaim());
        return new JwtAuthenticationToken(jwt, authorities, user != null ? user : jwt.getSubject());
    }
}
