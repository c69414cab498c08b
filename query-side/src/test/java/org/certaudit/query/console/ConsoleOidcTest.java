package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console in mode {@code jwt} with an OpenID Connect client registration, as far as these machines
 * allow without a provider: a page sends the browser to the provider's authorization endpoint, and a
 * change goes to the command side with the provider's access token as bearer.
 */
@AutoConfigureMockMvc
@SpringBootTest(properties = {
        "certaudit.security.mode=jwt",
        "certaudit.embedded.enabled=true",
        "certaudit.embedded.in-memory=true",
        "certaudit.embedded.port=0",
        "server.port=0",
        "axoniq.update-checker.disabled=true",
        "spring.security.oauth2.client.registration.certaudit.provider=idp",
        "spring.security.oauth2.client.registration.certaudit.client-id=certaudit-console",
        "spring.security.oauth2.client.registration.certaudit.client-secret=console-secret",
        "spring.security.oauth2.client.registration.certaudit.scope=openid,profile",
        "spring.security.oauth2.client.registration.certaudit.authorization-grant-type=authorization_code",
        "spring.security.oauth2.client.registration.certaudit.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
        "spring.security.oauth2.client.provider.idp.authorization-uri=https://idp.example.test/auth",
        "spring.security.oauth2.client.provider.idp.token-uri=https://idp.example.test/token",
        "spring.security.oauth2.client.provider.idp.jwk-set-uri=https://idp.example.test/jwks",
        "spring.security.oauth2.client.provider.idp.user-name-attribute=preferred_username"})
class ConsoleOidcTest {

    private static final ConsoleTest.StubCommandSide COMMAND_SIDE = new ConsoleTest.StubCommandSide();

    @Autowired
    MockMvc mvc;
    @Autowired
    ClientRegistrationRepository registrations;
    @Autowired
    OAuth2AuthorizedClientService authorizedClients;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("certaudit-console-jwt", ".pub");
        pem.toFile().deleteOnExit();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
        registry.add("certaudit.console.command-side-url", COMMAND_SIDE::url);
    }

    @AfterAll
    static void stopStub() {
        COMMAND_SIDE.stop();
    }

    @Test
    void aPageSendsTheBrowserToTheProvidersSignIn() throws Exception {
        mvc.perform(get("/console/audits")).andExpect(status().isFound())
                .andExpect(redirectedUrl("/oauth2/authorization/certaudit"));
        String location = mvc.perform(get("/oauth2/authorization/certaudit")).andExpect(status().isFound())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("https://idp.example.test/auth?response_type=code&client_id=certaudit-console")
                .contains("scope=openid%20profile", "redirect_uri=http://localhost/login/oauth2/code/certaudit");
    }

    @Test
    void aChangeGoesToTheCommandSideWithTheProvidersAccessToken() throws Exception {
        List<SimpleGrantedAuthority> roles = List.of(new SimpleGrantedAuthority("ROLE_AUDITOR"));
        OidcIdToken idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(300),
                Map.of("sub", "f3a1", "preferred_username", "auditor", "roles", List.of("AUDITOR")));
        OAuth2AuthenticationToken signedIn = new OAuth2AuthenticationToken(
                new DefaultOidcUser(roles, idToken, "preferred_username"), roles, "certaudit");
        // What the login flow stores once the provider has answered the authorization code.
        authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(registrations.findByRegistrationId("certaudit"),
                "auditor", new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "idp-access-token",
                Instant.now(), Instant.now().plusSeconds(300))), signedIn);
        COMMAND_SIDE.answer(200, "\"3\"", "{\"auditId\":\"0915-2021-SE.1\",\"version\":3}");

        mvc.perform(put("/console/command/api/audits/0915-2021-SE.1/items/5.1.1.1").with(authentication(signedIn))
                        .with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"percent\":90,\"note\":\"n\"}"))
                .andExpect(status().isOk());

        assertThat(COMMAND_SIDE.received).hasSize(1);
        assertThat(COMMAND_SIDE.received.get(0).get("authorization")).isEqualTo("Bearer idp-access-token");
    }
}
