package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Production mode {@code certaudit.security.mode=jwt}, with the command side's properties: an OAuth2
 * resource server that validates bearer tokens with the key of
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, names the user from
 * {@code preferred_username} and takes the roles from {@code roles}. The {@code local} profile's demo
 * users are configured too, to show that HTTP Basic is then not accepted.
 */
@ActiveProfiles("local")
@AutoConfigureMockMvc
@SpringBootTest(properties = {
        "certaudit.security.mode=jwt",
        "certaudit.embedded.enabled=true",
        "certaudit.embedded.in-memory=true",
        "certaudit.embedded.port=0",
        "server.port=0",
        "axoniq.update-checker.disabled=true"})
class JwtModeTest {

    private static final KeyPair KEYS = rsaKeys();
    private static final String AUDITS = "/api/audits?projectNumber=7301-2021-SE";

    @Autowired
    private MockMvc http;
    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("certaudit-query-jwt", ".pub");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    @Test
    void startsWithoutHttpBasicUsers() {
        assertThat(context.getBeansOfType(UserDetailsService.class)).isEmpty();
    }

    @Test
    void aReviewerTokenReadsAudits() throws Exception {
        http.perform(get(AUDITS).header("Authorization", "Bearer " + token("carol", List.of("reviewer"), KEYS)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content").isArray());
    }

    @Test
    void aTokenWithoutARoleOfTheAuditsOrWithOnlyMetricsReadsNothing() throws Exception {
        http.perform(get(AUDITS).header("Authorization", "Bearer " + token("dave", List.of(), KEYS)))
                .andExpect(status().isForbidden());
        http.perform(get(AUDITS).header("Authorization", "Bearer " + token("scraper", List.of("METRICS"), KEYS)))
                .andExpect(status().isForbidden());
        http.perform(get(AUDITS).header("Authorization", "Bearer " + token("erin", List.of("DECIDER"), KEYS)))
                .andExpect(status().isOk());
    }

    @Test
    void anAdminTokenSeesTheProcessors() throws Exception {
        http.perform(get("/api/admin/processors").header("Authorization", "Bearer " + token("alice", List.of("ADMIN"), KEYS)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name", Matchers.hasItem("audit-scorecards")));
    }

    @Test
    void anAuditorTokenMayNotUseTheAdminEndpointsAndIsNamedByItsUserClaim() throws Exception {
        String bob = "Bearer " + token("bob", List.of("AUDITOR"), KEYS);
        http.perform(get("/api/admin/processors").header("Authorization", bob))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.detail", Matchers.startsWith("bob may not GET /api/admin/processors")));
        http.perform(post("/api/admin/processors/audit-scorecards/rebuild").header("Authorization", bob))
                .andExpect(status().isForbidden());
    }

    @Test
    void noTokenIs401AskingForABearerToken() throws Exception {
        http.perform(get(AUDITS))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail", Matchers.containsString("bearer token")));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() throws Exception {
        http.perform(get(AUDITS).header("Authorization", "Bearer " + token("mallory", List.of("ADMIN"), rsaKeys())))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        http.perform(get(AUDITS).header("Authorization", "Bearer " + token("carol", List.of("REVIEWER"), KEYS, anHourAgo)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aMalformedTokenIs401() throws Exception {
        http.perform(get(AUDITS).header("Authorization", "Bearer not.a.jwt"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void httpBasicIsNotAcceptedInJwtMode() throws Exception {
        http.perform(get(AUDITS).with(httpBasic("admin", "admin-pass")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        http.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
    }

    private static String token(String user, List<String> roles, KeyPair keys) throws Exception {
        return token(user, roles, keys, Instant.now());
    }

    private static String token(String user, List<String> roles, KeyPair keys, Instant issued) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("id-" + user)
                .claim("preferred_username", user)
                .claim("roles", roles)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofMinutes(10))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(keys.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
