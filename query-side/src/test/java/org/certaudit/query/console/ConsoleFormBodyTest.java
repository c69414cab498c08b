package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certaudit.query.QuerySideTest;
import org.certaudit.web.RawHttp;
import org.certaudit.web.RuleCode;
import org.certaudit.web.StrictJsonHttpMessageConverter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sign-in form posted with its session and CSRF token, over real HTTP (MockMvc has no Tomcat to parse a form):
 * one over the limit of 1 MiB is the 413 naming {@code body}, not the CSRF refusal it was when Tomcat dropped its
 * parameters (token and all) without a word; one with a broken escape is the 400 naming {@code body}; one up to the
 * limit signs in. A browser is shown the same refusal as a page, as for a console page's malformed query.
 */
@QuerySideTest
class ConsoleFormBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = StrictJsonHttpMessageConverter.MAX_BODY_BYTES;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("CERTAUDIT_SESSION=[^;]*");
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @LocalServerPort
    int port;

    private String session;
    private String token;

    @BeforeEach
    void theSignInPagesSessionAndToken() throws IOException {
        RawHttp.Response page = RawHttp.send(port, "GET /console/login HTTP/1.1\r\nHost: localhost\r\n"
                .getBytes(StandardCharsets.US_ASCII), null);
        Matcher cookie = SESSION.matcher(String.valueOf(page.header("Set-Cookie")));
        assertThat(cookie.find()).as("the session cookie").isTrue();
        session = cookie.group();
        Matcher csrf = CSRF.matcher(page.text());
        assertThat(csrf.find()).as("the sign-in form's CSRF token").isTrue();
        token = URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    }

    /** The sign-in form as the page sends it, with a {@code note} of {@code pad} letters to make it as long as wanted. */
    private RawHttp.Response signIn(String accept, String form) throws IOException {
        return RawHttp.send(port, ("POST /console/login HTTP/1.1\r\nHost: localhost\r\nCookie: " + session
                + "\r\nAccept: " + accept + "\r\nContent-Type: application/x-www-form-urlencoded\r\n")
                .getBytes(StandardCharsets.US_ASCII), form.getBytes(StandardCharsets.US_ASCII));
    }

    private String form(int bytes) {
        String fields = "username=reviewer&password=reviewer-pass&_csrf=" + token + "&note=";
        return fields + "a".repeat(bytes - fields.length());
    }

    private static JsonNode problem(RawHttp.Response answer, int status) throws IOException {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("errors")).as(answer.text()).hasSize(1);
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("body");
        return problem.path("errors").get(0);
    }

    @Test
    void aSignInFormOverTheLimitIsTheBodysProblemNotACsrfRefusal() throws IOException {
        JsonNode error = problem(signIn("*/*", form(LIMIT + 1)), 413);
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.BODY_TOO_LARGE.code());
        assertThat(error.path("arguments").path("limit").asInt()).isEqualTo(LIMIT);
    }

    @Test
    void aSignInFormWithABrokenEscapeIsTheBodysProblemNotACsrfRefusal() throws IOException {
        JsonNode error = problem(signIn("*/*", form(200).replace("&note=", "&note=%zz")), 400);
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.FIELD_PERCENT_ENCODING.code());
    }

    @Test
    void aSignInFormUpToTheLimitSignsIn() throws IOException {
        RawHttp.Response signedIn = signIn(BROWSER, form(LIMIT));
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(302);
        assertThat(signedIn.header("Location")).startsWith("/console").doesNotContain("error", "expired");
    }

    @Test
    void aBrowserIsShownAPageSayingTheSameRule() throws IOException {
        RawHttp.Response tooLarge = signIn(BROWSER, form(LIMIT + 1));
        assertThat(tooLarge.status()).as(tooLarge.text()).isEqualTo(413);
        assertThat(tooLarge.header("Content-Type")).startsWith("text/html");
        assertThat(tooLarge.header("X-Request-Id")).isNotBlank();
        assertThat(tooLarge.text()).contains("data-kind=\"payload-too-large\"", "内容过大 · Too large", "body:",
                "data-code=\"body.too-large\"", "must be at most " + LIMIT + " bytes", "href=\"/console\"");
        RawHttp.Response broken = signIn(BROWSER, form(200).replace("&note=", "&note=%zz"));
        assertThat(broken.status()).as(broken.text()).isEqualTo(400);
        assertThat(broken.header("Content-Type")).startsWith("text/html");
        assertThat(broken.text()).contains("data-kind=\"invalid-input\"", "body:",
                "data-code=\"field.percent-encoding\"", "%25");
    }
}
