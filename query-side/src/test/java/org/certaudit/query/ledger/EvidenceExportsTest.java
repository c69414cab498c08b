package org.certaudit.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** At most so many evidence exports at once; the others are told to come back, and nothing else is held. */
class EvidenceExportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvidenceExports exports = new EvidenceExports(1, JSON);
    private final AtomicInteger exported = new AtomicInteger();

    @Test
    void anExportWhileTheOnlyPermittedOneRunsIsRefused503WithRetryAfterAndTheNextOneAfterItRuns() throws Exception {
        AtomicReference<MockHttpServletResponse> during = new AtomicReference<>();
        exports.doFilter(get("/api/projects/7301-2026-SE/evidence"), new MockHttpServletResponse(), (request, response) -> {
            exported.incrementAndGet();
            MockHttpServletResponse second = new MockHttpServletResponse();
            try {
                exports.doFilter(get("/api/audits/7301-2026-SE.1/evidence"), second, (again, answer) -> exported.incrementAndGet());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            during.set(second);
        });

        MockHttpServletResponse refused = during.get();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo(Integer.toString(EvidenceExports.RETRY_AFTER_SECONDS));
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(refused.getContentAsString());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).contains("certaudit.ledger.evidence-exports.max-concurrent");
        assertThat(exported).as("the refused export never ran").hasValue(1);

        MockHttpServletResponse after = new MockHttpServletResponse();
        exports.doFilter(get("/api/audits/7301-2026-SE.1/evidence"), after, (request, response) -> exported.incrementAndGet());
        assertThat(after.getStatus()).isEqualTo(200);
        assertThat(exported).as("the permit came back when the first export ended").hasValue(2);
    }

    @Test
    void aFailedExportGivesItsPermitBack() throws Exception {
        assertThatThrownBy(() -> exports.doFilter(get("/api/projects/7301-2026-SE/evidence"), new MockHttpServletResponse(),
                (request, response) -> {
                    throw new IllegalStateException("the store went away");
                })).hasMessage("the store went away");

        MockHttpServletResponse next = new MockHttpServletResponse();
        exports.doFilter(get("/api/projects/7301-2026-SE/evidence"), next, (request, response) -> exported.incrementAndGet());
        assertThat(exported).hasValue(1);
        assertThat(next.getStatus()).isEqualTo(200);
    }

    @Test
    void otherReadsAreNotCountedWhileAnExportRuns() throws Exception {
        AtomicReference<MockHttpServletResponse> during = new AtomicReference<>();
        exports.doFilter(get("/api/projects/7301-2026-SE/evidence"), new MockHttpServletResponse(), (request, response) -> {
            MockHttpServletResponse other = new MockHttpServletResponse();
            try {
                exports.doFilter(get("/api/audits/7301-2026-SE.1/scorecard"), other, (again, answer) -> exported.incrementAndGet());
                exports.doFilter(get("/api/projects/7301-2026-SE/evidence/more"), other, (again, answer) -> exported.incrementAndGet());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            during.set(other);
        });

        assertThat(exported).hasValue(2);
        assertThat(during.get().getStatus()).isEqualTo(200);
    }

    @Test
    void anExportWhosePathIsPercentEncodedCountsAsTheExportItIs() throws Exception {
        AtomicReference<MockHttpServletResponse> during = new AtomicReference<>();
        exports.doFilter(get("/api/projects/7301-2026-SE/evidence"), new MockHttpServletResponse(), (request, response) -> {
            MockHttpServletResponse second = new MockHttpServletResponse();
            MockHttpServletRequest encoded = get("/api/audits/7301-2026-SE.1/evidence");
            encoded.setRequestURI("/api/%61udits/7301-2026-SE.1/evidence");
            try {
                exports.doFilter(encoded, second, (again, answer) -> exported.incrementAndGet());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            during.set(second);
        });

        assertThat(during.get().getStatus()).isEqualTo(503);
        assertThat(exported).as("the encoded export never ran").hasValue(0);
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new EvidenceExports(0, JSON)).isInstanceOf(IllegalArgumentException.class)
                                                              .hasMessageContaining("at least 1");
    }

    private static MockHttpServletRequest get(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        // As the container gives it with the dispatcher mapped to "/": the decoded path.
        request.setServletPath(path);
        return request;
    }
}
