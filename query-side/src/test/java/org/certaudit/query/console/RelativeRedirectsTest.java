package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certaudit.query.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A redirect names a path, never the {@code Host} header a client sent: the sign-in page, and the page asked for once
 * signed in. Tomcat and Spring Security build absolute URLs from that header otherwise; MockMvc has neither, so this
 * talks HTTP to the real server, through a socket because Java's HTTP client will not send another Host.
 */
@QuerySideTest
class RelativeRedirectsTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern LOCATION = Pattern.compile("(?im)^Location: *(.*?)\r?$");
    private static final Pattern SESSION = Pattern.compile("(?im)^Set-Cookie: *(CERTAUDIT_SESSION=[^;]*)");

    @LocalServerPort
    int port;

    @Test
    void aPageAskedForWithAForeignHostRedirectsToTheSignInPageByItsPathAndBackToThePageAfterSigningIn()
            throws Exception {
        String asked = send("GET /console/audits HTTP/1.1\r\nHost: evil.example\r\nAccept: text/html\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(asked).startsWith("HTTP/1.1 302");
        assertThat(header(LOCATION, asked)).isEqualTo("/console/login");
        String session = header(SESSION, asked);

        String form = send("GET /console/login HTTP/1.1\r\nHost: evil.example\r\nCookie: " + session
                + "\r\nConnection: close\r\n\r\n");
        Matcher csrf = CSRF.matcher(form);
        assertThat(csrf.find()).as(form).isTrue();
        String body = "username=reviewer&password=reviewer-pass&_csrf=" + URLEncoder.encode(csrf.group(1),
                StandardCharsets.UTF_8);
        String signedIn = send("POST /console/login HTTP/1.1\r\nHost: evil.example\r\nCookie: " + session
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(signedIn).startsWith("HTTP/1.1 302");
        assertThat(header(LOCATION, signedIn)).startsWith("/console/audits").doesNotContain("evil.example");
    }

    private static String header(Pattern pattern, String response) {
        Matcher matcher = pattern.matcher(response);
        assertThat(matcher.find()).as(response).isTrue();
        return matcher.group(1);
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
