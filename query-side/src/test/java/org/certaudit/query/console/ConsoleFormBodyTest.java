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
 * parameters (token and all) without a word; a field with a broken escape, one spelling no UTF-8 or one holding a
 * character JSON text may not hold is the 400 naming that field, not a sign-in tried with U+FFFD; one up to the limit
 * signs in. A browser is shown the same refusal as a page, as for a console page's query (a GET form's filters) refused
 * by the same rules.
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
        return problem(answer, status, "body");
    }

    private static JsonNode problem(RawHttp.Response answer, int status, String field) throws IOException {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("errors")).as(answer.text()).hasSize(1);
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo(field);
        return problem.path("errors").get(0);
    }

    @Test
    void aSignInFormOverTheLimitIsTheBodysProblemNotACsrfRefusal() throws IOException {
        JsonNode error = problem(signIn("*/*", form(LIMIT + 1)), 413);
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.BODY_TOO_LARGE.code());
        assertThat(error.path("arguments").path("limit").asInt()).isEqualTo(LIMIT);
    }

    @Test
    void aSignInFormWithABrokenEscapeIsItsFieldsProblemNotACsrfRefusal() throws IOException {
        JsonNode error = problem(signIn("*/*", form(200).replace("&note=", "&note=%zz")), 400, "note");
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.FIELD_PERCENT_ENCODING.code());
    }

    /** Tomcat read {@code %FF} as U+FFFD and tried the sign-in with a name the user never typed. */
    @Test
    void aUserNameThatSpellsNoUtf8IsA400NamingItNotAFailedSignIn() throws IOException {
        JsonNode error = problem(signIn("*/*", form(200).replace("username=reviewer", "username=reviewer%FF")), 400,
                "username");
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.FIELD_PERCENT_ENCODING.code());
        assertThat(error.path("message").asText()).contains("not UTF-8");
    }

    @Test
    void aPasswordWithAControlCharacterIsA400NamingItWithoutSayingThePassword() throws IOException {
        JsonNode error = problem(signIn("*/*", form(200).replace("password=reviewer-pass", "password=reviewer-pass%1B")),
                400, "password");
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.FIELD_TEXT_CHARACTERS.code());
        assertThat(error.path("message").asText()).contains("control character U+001B").doesNotContain("reviewer-pass");
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
        assertThat(broken.text()).contains("data-kind=\"invalid-input\"", "note:",
                "data-code=\"field.percent-encoding\"", "%25");
        RawHttp.Response notUtf8 = signIn(BROWSER, form(200).replace("username=reviewer", "username=%FFreviewer"));
        assertThat(notUtf8.status()).as(notUtf8.text()).isEqualTo(400);
        assertThat(notUtf8.header("Content-Type")).startsWith("text/html");
        assertThat(notUtf8.text()).contains("输入有误 · Invalid input", "username:",
                "data-code=\"field.percent-encoding\"", "not UTF-8");
    }

    /** The sign-in page's address with a query the rules refuse, the form posted to it by a browser: the page too. */
    @Test
    void aSignInPostedToAnAddressWhoseQuerySpellsNoUtf8IsShownThePage() throws IOException {
        RawHttp.Response answer = RawHttp.send(port, ("POST /console/login?lang=%FF HTTP/1.1\r\nHost: localhost\r\n"
                + "Cookie: " + session + "\r\nAccept: " + BROWSER
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\n").getBytes(StandardCharsets.US_ASCII),
                form(200).getBytes(StandardCharsets.US_ASCII));
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.text()).contains("lang:", "data-code=\"field.percent-encoding\"");
    }

    /**
     * A console page's GET form (the audit list's filters) sends its fields in the query: held to the same rules, a
     * page for a browser, a problem for a script.
     */
    @Test
    void aFilterThatSpellsNoUtf8OrHoldsAControlCharacterIsA400NamingIt() throws IOException {
        for (String[] bad : new String[][] {{"organization=%FF", "organization", "field.percent-encoding"},
                {"organization=%G1", "organization", "field.percent-encoding"},
                {"organization=a%00", "organization", "field.text-characters"},
                {"size=10&organization=%EF%BF%BE", "organization", "field.text-characters"}}) {
            String line = "GET /console/audits?" + bad[0] + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + session
                    + "\r\nAccept: ";
            RawHttp.Response page = RawHttp.send(port, (line + BROWSER + "\r\n").getBytes(StandardCharsets.US_ASCII), null);
            assertThat(page.status()).as(bad[0] + " " + page.text()).isEqualTo(400);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.text()).as(bad[0]).contains("输入有误 · Invalid input", bad[1] + ":",
                    "data-code=\"" + bad[2] + "\"");
            JsonNode error = problem(RawHttp.send(port, (line + "application/json\r\n")
                    .getBytes(StandardCharsets.US_ASCII), null), 400, bad[1]);
            assertThat(error.path("code").asText()).as(bad[0]).isEqualTo(bad[2]);
        }
    }
}
