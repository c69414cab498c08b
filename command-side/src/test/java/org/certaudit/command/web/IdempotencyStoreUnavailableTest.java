package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/** The store keeping Idempotency-Keys out of reach: a 503 to send again, never a 500, and nothing run. */
class IdempotencyStoreUnavailableTest {

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aKeyThatCannotBeClaimedIsA503StoreUnavailableAndTheRequestIsNotRun() throws Exception {
        IdempotencyStore unreachable = new IdempotencyStore(null, Duration.ofDays(1), Duration.ofMinutes(1), Clock.systemUTC()) {
            @Override
            public Claim claim(String user, String key, RequestFingerprint fingerprint, String requestLine) {
                throw new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress("localhost", 27717));
            }
        };
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("auditor", null,
                AuthorityUtils.createAuthorityList("ROLE_AUDITOR")));
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/audits/0455-2021-SE.1/items/5.1.1.1");
        request.addHeader(IdempotencyFilter.HEADER, "k-1");
        request.setContentType("application/json");
        request.setContent("{\"percent\":99,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean ran = new AtomicBoolean();

        new IdempotencyFilter(unreachable, new ObjectMapper()).doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                ran.set(true);
            }
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("urn:certaudit:problem:store-unavailable");
        assertThat(ran).isFalse();
    }

    @Test
    void aStoredChangeWhoseKeyRecordIsLostKeepsItsAnswerAndAFailedRequestsKeyReleaseFailureIsNoError() throws Exception {
        MongoSocketReadException down = new MongoSocketReadException("Prematurely reached end of stream",
                new ServerAddress("localhost", 27717));
        IdempotencyStore failingAfterTheClaim = new IdempotencyStore(null, Duration.ofDays(1), Duration.ofMinutes(1),
                Clock.systemUTC()) {
            @Override
            public Claim claim(String user, String key, RequestFingerprint fingerprint, String requestLine) {
                return new Claim.Granted();
            }

            @Override
            public void complete(String user, String key, StoredResponse response) {
                throw down;
            }

            @Override
            public void release(String user, String key) {
                throw down;
            }
        };
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("auditor", null,
                AuthorityUtils.createAuthorityList("ROLE_AUDITOR")));

        MockHttpServletResponse stored = run(failingAfterTheClaim, 200, "{\"version\":7}");
        assertThat(stored.getStatus()).isEqualTo(200);
        assertThat(stored.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("{\"version\":7}");

        MockHttpServletResponse refused = run(failingAfterTheClaim, 409, "{\"type\":\"x\"}");
        assertThat(refused.getStatus()).isEqualTo(409);
    }

    /** The filter around a chain that answers {@code status} with {@code body}. */
    private static MockHttpServletResponse run(IdempotencyStore store, int status, String body) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/audits/0455-2021-SE.1/items/5.1.1.1");
        request.addHeader(IdempotencyFilter.HEADER, "k-2");
        request.setContentType("application/json");
        request.setContent("{\"percent\":99,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        new IdempotencyFilter(store, new ObjectMapper()).doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res)
                    throws java.io.IOException {
                ((jakarta.servlet.http.HttpServletResponse) res).setStatus(status);
                res.setContentType("application/json");
                res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            }
        });
        return response;
    }
}
