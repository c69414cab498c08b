package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.certaudit.query.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sign-in form posted to a percent-encoded path, over HTTP to the running container (which decodes the path as a
 * browser's or a script's request has it decoded, and whose firewall judges the encoding): Spring Security's form
 * login takes {@code POST /console/%6Cogin} as the sign-in it is (it matches the decoded servlet path, and the strict
 * firewall lets an encoded letter through), so {@link SignInFormFilter} must refuse a field given twice there too.
 */
@QuerySideTest
class SignInFormFilterTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String ENCODED_SIGN_IN = "/console/%6Cogin";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void springSecuritySignsInOnThePercentEncodedPath() throws Exception {
        HttpResponse<String> signedIn = signIn(ENCODED_SIGN_IN, List.of("username=auditor", "password=auditor-pass"));

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/console");
        assertThat(get("/console/audits").statusCode()).as("a console page once signed in").isEqualTo(200);
    }

    @Test
    void aUserNameGivenTwiceOnThePercentEncodedPathIsRefusedAndSignsNobodyIn() throws Exception {
        HttpResponse<String> refused = signIn(ENCODED_SIGN_IN,
                List.of("username=auditor", "username=reviewer", "password=auditor-pass"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"field\":\"username\"").contains("\"code\":\"field.duplicate\"");
        assertThat(get("/console/audits").statusCode()).as("a console page after the refusal").isEqualTo(302);
    }

    @Test
    void aPasswordGivenInTheQueryAndTheBodyOfThePercentEncodedPathIsRefused() throws Exception {
        HttpResponse<String> refused = signIn(ENCODED_SIGN_IN + "?password=auditor-pass",
                List.of("username=auditor", "password=auditor-pass"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"password\"").contains("\"code\":\"field.duplicate\"");
    }

    /** Loads the sign-in page for its session and CSRF token, then posts the form's fields to {@code path}. */
    private HttpResponse<String> signIn(String path, List<String> fields) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/console/login");
        assertThat(page.statusCode()).as("the sign-in page").isEqualTo(200);
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("the sign-in page's CSRF token").isTrue();
        String body = fields.stream().collect(Collectors.joining("&"))
                + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .header("Accept", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .header("Accept", "text/html").timeout(Duration.ofSeconds(30)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }
}
