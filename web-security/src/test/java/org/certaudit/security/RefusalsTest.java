package org.certaudit.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.MissingCsrfTokenException;

/** 401 and 403 are RFC 9457 problems with the challenge of the configured mode. */
class RefusalsTest {

    // As Spring Boot builds it: with the mix-in that writes a problem's properties at the top level.
    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();

    @Test
    void challengesForHttpBasicInBasicModeAndForABearerTokenInJwtMode() throws Exception {
        MockHttpServletResponse basic = new MockHttpServletResponse();
        new Refusals(json).unauthorized(AccessProperties.Mode.BASIC, "sign in")
                .commence(new MockHttpServletRequest("GET", "/api/audits"), basic, new BadCredentialsException("no"));
        MockHttpServletResponse bearer = new MockHttpServletResponse();
        new Refusals(json).unauthorized(AccessProperties.Mode.JWT, "sign in")
                .commence(new MockHttpServletRequest("GET", "/api/audits"), bearer, new BadCredentialsException("no"));

        assertThat(basic.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"certaudit\"");
        assertThat(bearer.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        JsonNode problem = json.readTree(basic.getContentAsByteArray());
        assertThat(basic.getStatus()).isEqualTo(401);
        assertThat(MediaType.parseMediaType(basic.getContentType()).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(problem.get("type").asText()).isEqualTo("urn:certaudit:problem:unauthorized");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asText()).isEqualTo("sign in");
    }

    @Test
    void wordsTheForbiddenDetailFromTheRequestAndLetsTheApplicationFinishTheProblem() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new Refusals(json, (request, problem) -> problem.setProperty("requestId", "r-1"))
                .forbidden(request -> "may not " + request.getMethod() + " " + request.getRequestURI())
                .handle(new MockHttpServletRequest("DELETE", "/api/audits/1"), response, new AccessDeniedException("no"));

        JsonNode problem = json.readTree(response.getContentAsByteArray());
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(problem.get("type").asText()).isEqualTo("urn:certaudit:problem:forbidden");
        assertThat(problem.get("detail").asText()).isEqualTo("may not DELETE /api/audits/1");
        assertThat(problem.get("requestId").asText()).isEqualTo("r-1");
    }

    @Test
    void aMissingCsrfTokenOnAnApiPathIsTheProblemWhateverAcceptSaysAndAPagesFormPostStaysTheOtherHandlers()
            throws Exception {
        AccessDeniedHandler refusals = new Refusals(json)
                .csrfOr(request -> request.getRequestURI().startsWith("/relay/"), (request, response, e) -> response.sendError(499));
        MockHttpServletRequest relayed = new MockHttpServletRequest("PUT", "/relay/api/audits/1");
        relayed.addHeader("Accept", "text/html");
        MockHttpServletResponse problem = new MockHttpServletResponse();
        refusals.handle(relayed, problem, new MissingCsrfTokenException(null));
        assertThat(problem.getStatus()).isEqualTo(403);
        JsonNode body = json.readTree(problem.getContentAsByteArray());
        assertThat(body.at("/errors/0/field").asText()).isEqualTo("X-CSRF-TOKEN");
        assertThat(body.at("/errors/0/code").asText()).isEqualTo("request.csrf-token");

        MockHttpServletRequest page = new MockHttpServletRequest("POST", "/logout");
        page.addHeader("Accept", "text/html");
        MockHttpServletResponse other = new MockHttpServletResponse();
        refusals.handle(page, other, new MissingCsrfTokenException(null));
        assertThat(other.getStatus()).isEqualTo(499);

        MockHttpServletRequest script = new MockHttpServletRequest("POST", "/logout");
        script.addHeader("Accept", "application/json");
        MockHttpServletResponse scripted = new MockHttpServletResponse();
        refusals.handle(script, scripted, new MissingCsrfTokenException(null));
        assertThat(scripted.getStatus()).isEqualTo(403);
        MockHttpServletResponse notCsrf = new MockHttpServletResponse();
        refusals.handle(relayed, notCsrf, new AccessDeniedException("no"));
        assertThat(notCsrf.getStatus()).as("another refusal").isEqualTo(499);
    }
}
