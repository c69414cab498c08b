package org.certaudit.command.security;

import static org.certaudit.command.TestAudits.json;
import static org.certaudit.command.TestAudits.newProject;
import static org.certaudit.command.TestAudits.openBody;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production mode {@code certaudit.security.mode=jwt}: an OAuth2 resource server that validates
 * bearer tokens with the configured key, names the user from {@code preferred_username} and
 * takes the roles from the {@code roles} claim, and the person's name from OIDC's {@code name} claim (else
 * {@code certaudit.people}). No HTTP Basic users exist then.
 */
@SpringBootTest(properties = {
        "certaudit.security.mode=jwt",
        "certaudit.embedded.in-memory=true",
        "certaudit.embedded.port=0",
        "certaudit.people.carol=配置中的名字",
        "axoniq.update-checker.disabled=true"})
@AutoConfigureMockMvc
class JwtModeTest {

    private static final KeyPair KEYS = rsaKeys();

    @Autowired
    private MockMvc http;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("certaudit-jwt", ".pub");
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
    void anAdminTokenOpensAnAuditAsTheTokensUser() throws Exception {
        ProjectNumber project = newProject();
        http.perform(json(post("/api/audits"), openBody(project, AuditType.INITIAL))
                        .header("Authorization", "Bearer " + token("alice", List.of("admin"), KEYS)))
                .andExpect(status().isCreated());
        assertThat(eventStore.readEvents(project.value()).next().getMetaData()).containsEntry("user", "alice");
    }

    @Test
    void theEventsRecordTheNameTheTokenGivesElseTheConfiguredOneElseNone() throws Exception {
        ProjectNumber named = newProject();
        http.perform(json(post("/api/audits"), openBody(named, AuditType.INITIAL))
                        .header("Authorization", "Bearer " + token("carol", "韩晓雪", List.of("ADMIN"), KEYS)))
                .andExpect(status().isCreated());
        ProjectNumber configured = newProject();
        http.perform(json(post("/api/audits"), openBody(configured, AuditType.INITIAL))
                        .header("Authorization", "Bearer " + token("carol", List.of("ADMIN"), KEYS)))
                .andExpect(status().isCreated());
        ProjectNumber unnamed = newProject();
        http.perform(json(post("/api/audits"), openBody(unnamed, AuditType.INITIAL))
                        .header("Authorization", "Bearer " + token("alice", List.of("ADMIN"), KEYS)))
                .andExpect(status().isCreated());

        assertThat(eventStore.readEvents(named.value()).next().getMetaData()).containsEntry("user", "carol")
                .containsEntry("personName", "韩晓雪");
        assertThat(eventStore.readEvents(configured.value()).next().getMetaData()).containsEntry("user", "carol")
                .containsEntry("personName", "配置中的名字");
        assertThat(eventStore.readEvents(unnamed.value()).next().getMetaData()).containsEntry("user", "alice")
                .doesNotContainKey("personName");
    }

    @Test
    void anAuditorTokenMayNotOpenAnAudit() throws Exception {
        http.perform(json(post("/api/audits"), openBody(newProject(), AuditType.INITIAL))
                        .header("Authorization", "Bearer " + token("bob", List.of("AUDITOR"), KEYS)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:forbidden"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() throws Exception {
        http.perform(json(post("/api/audits"), openBody(newProject(), AuditType.INITIAL))
                        .header("Authorization", "Bearer " + token("mallory", List.of("ADMIN"), rsaKeys())))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void noTokenIs401AskingForABearerToken() throws Exception {
        http.perform(json(post("/api/audits"), openBody(newProject(), AuditType.INITIAL)))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:unauthorized"));
    }

    @Test
    void httpBasicIsNotAcceptedInJwtMode() throws Exception {
        http.perform(json(post("/api/audits"), openBody(newProject(), AuditType.INITIAL))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic("admin", "admin-pass")))
                .andExpect(status().isUnauthorized());
    }

    private static String token(String user, List<String> roles, KeyPair keys) throws Exception {
        return token(user, null, roles, keys);
    }

    /** A token; {@code name} (OIDC's display name claim) only when not null. */
    private static String token(String user, String name, List<String> roles, KeyPair keys) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("id-" + user)
                .claim("preferred_username", user)
                .claim("name", name)
                .claim("roles", roles)
                .issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 600_000))
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
