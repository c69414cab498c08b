package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A form body ({@code application/x-www-form-urlencoded}) that cannot be read strictly into parameters, over real HTTP:
 * Tomcat itself would drop its parameters without a word, or read them leniently. One over the API's limit of 1 MiB
 * (not Boot's 2 MB) is the 413 every body over it gets, naming {@code body} with {@code body.too-large} and the limit;
 * a parameter with a broken escape or one spelling no UTF-8 is a 400 naming it with {@code field.percent-encoding},
 * one holding a character JSON text may not hold a 400 naming it with {@code field.text-characters}, and a form that
 * cannot be read otherwise a 400 naming {@code body} with {@code body.malformed-form}. A form up to the limit reaches its
 * handler, UTF-8 decoded, after the query's parameters. A browser posting a console page's form is shown the refusal as
 * a page.
 */
@SpringBootTest(classes = FormBodyProblemsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.autoconfigure.exclude="
        + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration,"
        + "org.certaudit.security.WebSecurityAutoConfiguration"})
class FormBodyProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = StrictJsonHttpMessageConverter.MAX_BODY_BYTES;
    private static final String FORM = "application/x-www-form-urlencoded";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Forms.class, Problems.class})
    static class Application {
    }

    /** A page taking a form, as the console's sign-in does: what it was given, as it read it. */
    @RestController
    static class Forms {

        @PostMapping("/form")
        String form(@RequestParam String note, @RequestParam(required = false) String pad) {
            return note + " " + (pad == null ? 0 : pad.length());
        }

        /** Every parameter as the handler reads it, and the body as it reads it again. */
        @PostMapping("/echo")
        String echo(jakarta.servlet.http.HttpServletRequest request) throws IOException {
            StringBuilder read = new StringBuilder();
            request.getParameterMap().forEach((name, values) -> read.append(name).append('=')
                    .append(String.join("|", values)).append(';'));
            return read + " " + new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        /** Another method with a body: what parameters it was given (none: its body is not a form to read). */
        @RequestMapping(path = "/put", method = {RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
        String put(jakarta.servlet.http.HttpServletRequest request) {
            return request.getParameterMap().isEmpty() ? "no parameters" : "parameters " + request.getParameterMap().keySet();
        }
    }

    @RestControllerAdvice
    static class Problems extends ProblemResponses {
    }

    @LocalServerPort
    int port;

    private RawHttp.Response post(String path, byte[] body) throws IOException {
        return RawHttp.send(port, ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM
                + "\r\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    /** {@code note=审查&pad=aaa...}, percent-encoded, of exactly {@code bytes} bytes. */
    private static byte[] form(int bytes) {
        byte[] head = "note=%E5%AE%A1%E6%9F%A5&pad=".getBytes(StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOf(head, bytes);
        Arrays.fill(body, head.length, bytes, (byte) 'a');
        return body;
    }

    private static JsonNode invalidBody(RawHttp.Response response, String code) throws IOException {
        return invalid(response, "body", code);
    }

    private static JsonNode invalid(RawHttp.Response response, String field, String code) throws IOException {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:invalid-input");
        assertThat(problem.path("requestId").asText()).isEqualTo(response.header("X-Request-Id")).isNotBlank();
        assertThat(problem.path("errors")).as(response.text()).hasSize(1);
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("arguments").isObject()).isTrue();
        assertThat(error.path("arguments").size()).isZero();
        return error;
    }

    @Test
    void aFormUpToTheLimitReachesItsHandlerDecodedAsUtf8() throws IOException {
        RawHttp.Response answer = post("/form", form(LIMIT));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("审查 " + (LIMIT - "note=%E5%AE%A1%E6%9F%A5&pad=".length()));
    }

    @Test
    void aFormOneByteOverTheLimitIsTheBodysProblemThoughUnderBootsDefaultOfTwoMegabytes() throws IOException {
        BodyTooLargeProblemsTest.assertBodyTooLarge(post("/form", form(LIMIT + 1)));
    }

    @Test
    void aFormOverTheLimitOnAPathWithoutEndpointIsTheBodysProblemToo() throws IOException {
        BodyTooLargeProblemsTest.assertBodyTooLarge(post("/nowhere", form(LIMIT + 1)));
    }

    @Test
    void aChunkedFormOverTheLimitIsTheBodysProblem() throws IOException {
        byte[] body = form(LIMIT + 1);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int at = 0; at < body.length; at += 65536) {
            int size = Math.min(65536, body.length - at);
            request.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(body, at, size);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        BodyTooLargeProblemsTest.assertBodyTooLarge(RawHttp.sendRaw(port, request.toByteArray()));
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        assertThat(statusLineForAnnounced(10L * LIMIT)).startsWith("HTTP/1.1 413");
        // Over what an int holds, Tomcat neither parses the form nor notes a failure: the filter refuses it itself.
        assertThat(statusLineForAnnounced(1L << 32)).startsWith("HTTP/1.1 413");
    }

    /** The status line answering a form that announces {@code length} bytes and sends six of them. */
    private String statusLineForAnnounced(long length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + FORM + "\r\nContent-Length: "
                    + length + "\r\nConnection: close\r\n\r\nnote=a").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Had the server waited for the body announced, this read would time out.
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                statusLine.append((char) c);
            }
            return statusLine.toString();
        }
    }

    @Test
    void aBrowsersFormToAConsolePageIsRefusedWithAPageAndToTheConsolesRelayWithTheProblem() throws IOException {
        String browser = "text/html,application/xhtml+xml,*/*;q=0.8";
        RawHttp.Response page = RawHttp.send(port, ("POST /console/login HTTP/1.1\r\nHost: localhost\r\nAccept: "
                + browser + "\r\nContent-Type: " + FORM + "\r\n").getBytes(StandardCharsets.US_ASCII), form(LIMIT + 1));
        assertThat(page.status()).isEqualTo(413);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("data-kind=\"payload-too-large\"", "data-code=\"body.too-large\"",
                "body:", "must be at most " + LIMIT + " bytes");
        RawHttp.Response broken = RawHttp.send(port, ("POST /console/login HTTP/1.1\r\nHost: localhost\r\nAccept: "
                + browser + "\r\nContent-Type: " + FORM + "\r\n").getBytes(StandardCharsets.US_ASCII),
                "a=b&=c".getBytes(StandardCharsets.US_ASCII));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.text()).contains("data-kind=\"invalid-input\"", "data-code=\"body.malformed-form\"");
        // The relay behind the console is an API: its refusals are problems whatever Accept says, and as on the API a
        // form body is refused for its type, large or small, before it is read (read, the relay would forward none of it).
        for (byte[] body : new byte[][] {form(LIMIT + 1), "note=a".getBytes(StandardCharsets.US_ASCII)}) {
            RawHttp.Response relay = RawHttp.send(port, ("POST /console/command/api/audits HTTP/1.1\r\n"
                    + "Host: localhost\r\nAccept: " + browser + "\r\nContent-Type: " + FORM + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII), body);
            assertThat(relay.status()).as(relay.text()).isEqualTo(415);
            assertThat(relay.header("Content-Type")).startsWith("application/problem+json");
            JsonNode error = JSON.readTree(relay.body()).path("errors").get(0);
            assertThat(error.path("field").asText()).isEqualTo("Content-Type");
            assertThat(error.path("code").asText()).isEqualTo(RuleCode.BODY_MEDIA_TYPE.code());
        }
    }

    @Test
    void aFormReachesItsHandlerAfterTheQueryAndItsBodyCanBeReadAgain() throws IOException {
        RawHttp.Response answer = post("/echo?note=q&lang=zh", "note=%E5%AE%A1+a&empty&&x=1%2B1"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("note=q|审 a;lang=zh;empty=;x=1+1; note=%E5%AE%A1+a&empty&&x=1%2B1");
    }

    @Test
    void aBrokenEscapeIsA400NamingTheParameterAndThePercentEncodingRule() throws IOException {
        JsonNode error = invalid(post("/form", "note=50%zz&pad=".getBytes(StandardCharsets.US_ASCII)), "note",
                RuleCode.FIELD_PERCENT_ENCODING.code());
        assertThat(error.path("message").asText()).contains("'%zz'", "percent-encoded", "%25");
        invalid(post("/form", "note=50%".getBytes(StandardCharsets.US_ASCII)), "note",
                RuleCode.FIELD_PERCENT_ENCODING.code());
        // Full-width digits are no hex digits.
        invalid(post("/form", "note=%\uFF11\uFF11".getBytes(StandardCharsets.UTF_8)), "note",
                RuleCode.FIELD_PERCENT_ENCODING.code());
        // A broken name is named as sent.
        invalid(post("/form", "no%zzte=a".getBytes(StandardCharsets.US_ASCII)), "no%zzte",
                RuleCode.FIELD_PERCENT_ENCODING.code());
    }

    /** Tomcat would read these as U+FFFD, a character the client never sent. */
    @Test
    void escapesThatSpellNoUtf8AreA400NamingTheParameter() throws IOException {
        for (String form : new String[] {"note=%FF", "note=a%C3", "note=%C0%AF", "note=%ED%A0%80", "pad=1&note=%E5%AE"}) {
            JsonNode error = invalid(post("/form", form.getBytes(StandardCharsets.US_ASCII)), "note",
                    RuleCode.FIELD_PERCENT_ENCODING.code());
            assertThat(error.path("message").asText()).as(form).contains("not UTF-8");
        }
        // Bytes sent unencoded are held to UTF-8 too.
        byte[] latin1 = "note=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        invalid(post("/form", latin1), "note", RuleCode.FIELD_PERCENT_ENCODING.code());
        invalid(post("/form", "%FF=a".getBytes(StandardCharsets.US_ASCII)), "%FF", RuleCode.FIELD_PERCENT_ENCODING.code());
    }

    /** The characters no JSON text field may hold (TextRules) are refused in a form's value too, naming it. */
    @Test
    void aValueWithACharacterTextMayNotHoldIsA400NamingTheParameter() throws IOException {
        for (String value : new String[] {"a%00", "%1B", "%7F", "%EF%BF%BF", "%EF%B7%90"}) {
            JsonNode error = invalid(post("/form", ("pad=1&note=" + value).getBytes(StandardCharsets.US_ASCII)), "note",
                    RuleCode.FIELD_TEXT_CHARACTERS.code());
            assertThat(error.path("message").asText()).as(value).containsPattern("contains the (control character|"
                    + "noncharacter) U\\+");
        }
        // Tab, line feed and carriage return are text.
        RawHttp.Response lines = post("/form", "note=a%09b%0D%0Ac".getBytes(StandardCharsets.US_ASCII));
        assertThat(lines.status()).as(lines.text()).isEqualTo(200);
        assertThat(lines.text()).isEqualTo("a\tb\r\nc 0");
        // A name no parameter can have is the body's problem: there is no parameter to name.
        JsonNode name = invalid(post("/form", "no%00te=a".getBytes(StandardCharsets.US_ASCII)), "body",
                RuleCode.FIELD_TEXT_CHARACTERS.code());
        assertThat(name.path("message").asText()).startsWith("a parameter name contains the control character U+0000");
    }

    @Test
    void aPairWithoutANameIsA400NamingTheBodyAsNoForm() throws IOException {
        JsonNode error = invalidBody(post("/form", "note=a&=b".getBytes(StandardCharsets.US_ASCII)),
                RuleCode.BODY_MALFORMED_FORM.code());
        assertThat(error.path("message").asText()).contains("without a name");
    }

    @Test
    void moreParametersThanTheContainerTakesIsA400NamingTheBodyAsNoForm() throws IOException {
        StringBuilder body = new StringBuilder("note=a");
        for (int i = 0; i < 20_000; i++) {
            body.append("&p").append(i).append('=');
        }
        JsonNode error = invalidBody(post("/form", body.toString().getBytes(StandardCharsets.US_ASCII)),
                RuleCode.BODY_MALFORMED_FORM.code());
        assertThat(error.path("message").asText()).contains("more parameters");
    }

    /**
     * Spring's FormContentFilter, on by default, would read a form body on {@code PUT}, {@code PATCH} and
     * {@code DELETE} whole, with no limit, and answer a broken escape in it with a 500. No endpoint takes form fields on
     * those methods: the filter is off ({@link WebDefaults}), and such a body reaches the endpoint unread.
     */
    @Test
    void aFormOnAnotherMethodIsNotReadIntoParameters() throws IOException {
        for (String method : new String[] {"PUT", "PATCH", "DELETE"}) {
            RawHttp.Response broken = RawHttp.send(port, (method + " /form HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + FORM + "\r\n").getBytes(StandardCharsets.US_ASCII), "note=50%zz".getBytes(StandardCharsets.US_ASCII));
            assertThat(broken.status()).as(method + " " + broken.text()).isEqualTo(405);
            RawHttp.Response large = RawHttp.send(port, (method + " /put HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + FORM + "\r\n").getBytes(StandardCharsets.US_ASCII), form(3 * LIMIT));
            assertThat(large.status()).as(method).isEqualTo(200);
            assertThat(large.text()).as(method).isEqualTo("no parameters");
        }
    }
}
