package org.certaudit.query.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.certaudit.web.ProblemFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets at most {@code maxConcurrent} evidence bundle exports ({@code GET /api/audits/{id}/evidence} and
 * {@code GET /api/projects/{projectNumber}/evidence}) run at once, from the start of building the bundle to the last
 * byte written; a further one is answered 503 with {@code Retry-After} ({@value #RETRY_AFTER_SECONDS} s, RFC 9110
 * 10.2.3), a problem of type {@code unavailable}, before anything of it is read.
 * <p>
 * Why a limit and not a stream: a bundle holds every event of the project as stored, and its signed stream end names
 * the last event under the tree head, so {@link EvidenceBundles} reads the whole stream before it writes anything, and
 * the bundle's record is written by Jackson afterwards. A project whose 46 commands each stored about 1 MB (findings
 * near the body limit) makes a 47 MB bundle; six exports at once ran the 256 MB query side out of memory and four of
 * them ended in 500s, and even two at once ran it out (the driver copies each reply once more for its command
 * listener), so the default is one. Streaming would write the bundle in two passes over the stream, field by field in the
 * record's order, and read the stream end ahead: a second writer of the format for the verifier to agree with. The
 * limit keeps the one writer and bounds the heap at {@code maxConcurrent} bundles.
 */
final class EvidenceExports extends OncePerRequestFilter {

    static final int RETRY_AFTER_SECONDS = 5;
    private static final Pattern EXPORT = Pattern.compile("/api/(audits|projects)/[^/]+/evidence");

    private final Semaphore permits;
    private final int maxConcurrent;
    private final ObjectMapper json;

    /**
     * @param maxConcurrent exports that may run at once, at least 1
     * @throws IllegalArgumentException if {@code maxConcurrent} is below 1
     */
    EvidenceExports(int maxConcurrent, ObjectMapper json) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("certaudit.ledger.evidence-exports.max-concurrent must be at least 1, was "
                    + maxConcurrent);
        }
        this.permits = new Semaphore(maxConcurrent);
        this.maxConcurrent = maxConcurrent;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The decoded path, as the dispatcher routes it: /api/%61udits/.../evidence is an export too.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !"GET".equals(request.getMethod()) || !EXPORT.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            ProblemDetail problem = ProblemFormat.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemFormat.UNAVAILABLE,
                    "all " + maxConcurrent + " evidence bundle exports this server runs at once are under way "
                    + "(certaudit.ledger.evidence-exports.max-concurrent); try again in " + RETRY_AFTER_SECONDS + " s");
            problem.setTitle("Too many evidence exports");
            ProblemFormat.write(json, request, response, problem);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
