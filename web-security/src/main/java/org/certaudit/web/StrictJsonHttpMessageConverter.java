package org.certaudit.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * JSON in and out, reading request bodies with {@link StrictJson} and only as well-formed UTF-8:
 * Jackson alone decodes an overlong form such as {@code C0 BC} as {@code <}, so the bytes are
 * checked first and a body that is not UTF-8 is refused with 400 naming the field it spoils.
 */
public class StrictJsonHttpMessageConverter extends MappingJackson2HttpMessageConverter {

    /** Request bodies larger than this are refused (413) before parsing. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final ObjectMapper requests;
    private final MappingJackson2HttpMessageConverter reader;

    public StrictJsonHttpMessageConverter(ObjectMapper base) {
        super(base);
        this.requests = StrictJson.forRequests(base);
        this.reader = new MappingJackson2HttpMessageConverter(requests);
    }

    /**
     * A resource is {@code application/json}; only a problem is {@code application/problem+json} (RFC 9457). Jackson's
     * converter offers every type as {@code application/*+json}, so {@code Accept: application/problem+json} on a
     * scorecard got the scorecard labelled as a problem; now it is a 406 naming {@code Accept}.
     */
    @Override
    public List<MediaType> getSupportedMediaTypes(Class<?> clazz) {
        if (ProblemDetail.class.isAssignableFrom(clazz)) {
            return super.getSupportedMediaTypes(clazz);
        }
        return List.of(MediaType.APPLICATION_JSON);
    }

    @Override
    public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
        return asLabelled(clazz, mediaType) && super.canWrite(type, clazz, mediaType);
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
        return asLabelled(clazz, mediaType) && super.canWrite(clazz, mediaType);
    }

    /** Whether a value of {@code clazz} may go out as {@code mediaType}: a problem type only for a problem. */
    private static boolean asLabelled(Class<?> clazz, MediaType mediaType) {
        return mediaType == null || ProblemDetail.class.isAssignableFrom(clazz)
                || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(mediaType)
                || mediaType.includes(MediaType.APPLICATION_JSON);
    }

    /**
     * Only JSON in UTF-8, the one encoding RFC 8259 (section 8.1) allows between systems: a body declared in another
     * charset ({@code charset=ISO-8859-1}, {@code UTF-16}) is refused with {@link NotUtf8Exception} (415) before it
     * is read, instead of being decoded as declared, which stored a UTF-8 "café" as "cafÃ©" when a client declared
     * Latin-1 by mistake.
     */
    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
        MediaType declared = input.getHeaders().getContentType();
        if (!utf8OrUnstated(declared)) {
            throw new NotUtf8Exception(declared);
        }
        byte[] body = input.getBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new BodyTooLargeException(MAX_BODY_BYTES);
        }
        Charset charset = StandardCharsets.UTF_8; // the only one let through above
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(body);
        try {
            decoder.decode(buffer);
        } catch (CharacterCodingException e) {
            int offset = firstBadByte(body, charset);
            throw new HttpMessageNotReadableException("body is not " + charset.name(),
                    new MalformedTextException(fieldAt(body, offset), "is not well-formed " + charset.name()
                            + " (byte " + offset + " of the body); send the text as " + charset.name()), input);
        }
        // A NUL byte is well-formed UTF-8 but never part of JSON text (a string escapes it): it is how UTF-16 or
        // UTF-32 text looks, which Jackson would otherwise detect and decode.
        for (int offset = 0; offset < body.length; offset++) {
            if (body[offset] == 0) {
                throw new HttpMessageNotReadableException("body is not " + charset.name(),
                        new MalformedTextException(fieldAt(body, offset), "holds a NUL byte (byte " + offset
                                + " of the body), as UTF-16 or UTF-32 text does; send the JSON as UTF-8"), input);
            }
        }
        return reader.read(type, contextClass, new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        });
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) throws IOException {
        return read(clazz, null, input);
    }

    private static int firstBadByte(byte[] body, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(body.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /**
     * The dotted path of the value holding byte {@code offset}, or "body" when it is in no value: between tokens, in a
     * key, after the body's end. The well-formed prefix up to the bad byte is parsed; the byte is in a value when that
     * prefix ends inside a string value (unterminated) or right at the end of a number or literal, which it splits. A
     * number or literal cut short ({@code 97.}, {@code -}, {@code tr}) is no token the parser returns, so it is parsed
     * as the whole number {@code 0} in its place.
     */
    private String fieldAt(byte[] body, int offset) {
        byte[] prefix = completingACutValue(java.util.Arrays.copyOf(body, offset));
        try (JsonParser parser = requests.getFactory().createParser(prefix)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (!token.isScalarValue()) {
                    continue;
                }
                String path = path(parser.getParsingContext());
                if (token == JsonToken.VALUE_STRING) {
                    try {
                        parser.getText(); // a string is read lazily: this reads on to its closing quote
                    } catch (IOException unterminated) {
                        return path.isEmpty() ? "body" : path;
                    }
                } else if (parser.currentLocation().getByteOffset() >= prefix.length) {
                    return path.isEmpty() ? "body" : path;
                }
            }
        } catch (IOException outsideAnyValue) {
            // the prefix ends in a key or between tokens
        }
        return "body";
    }

    /** What a number may begin as: {@code -}, {@code 97.}, {@code 9e+}, as well as whole ones. */
    private static final Pattern PART_OF_A_NUMBER = Pattern.compile("-?[0-9]*(\\.[0-9]*)?([eE][+-]?[0-9]*)?");

    /**
     * {@code prefix} with the part of a number or literal it ends in (the ASCII letters, digits, signs and points after
     * its last other byte, when they begin {@code true}, {@code false}, {@code null} or a number) replaced by {@code 0};
     * {@code prefix} as it is when it ends in none. Ended inside a key or string, it stays inside it.
     */
    private static byte[] completingACutValue(byte[] prefix) {
        int start = prefix.length;
        while (start > 0 && partOfAToken(prefix[start - 1])) {
            start--;
        }
        String part = new String(prefix, start, prefix.length - start, StandardCharsets.US_ASCII);
        if (part.isEmpty() || !("true".startsWith(part) || "false".startsWith(part) || "null".startsWith(part)
                || PART_OF_A_NUMBER.matcher(part).matches())) {
            return prefix;
        }
        byte[] completed = java.util.Arrays.copyOf(prefix, start + 1);
        completed[start] = '0';
        return completed;
    }

    private static boolean partOfAToken(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '+' || b == '-' || b == '.';
    }

    static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                path.insert(0, "." + c.getCurrentName());
            }
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    /** The body's bytes are not text in the declared charset; {@code field} is where they are. */
    public static final class MalformedTextException extends IOException {

        private final String field;

        MalformedTextException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Whether {@code mediaType} declares no charset or UTF-8. */
    private static boolean utf8OrUnstated(MediaType mediaType) {
        String charset = mediaType == null ? null : mediaType.getParameter("charset");
        if (charset == null) {
            return true;
        }
        try {
            return Charset.forName(charset.replace("\"", "").strip()).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // IllegalCharsetNameException, UnsupportedCharsetException
            return false;
        }
    }

    /** A body declared in a charset other than UTF-8: 415 (ProblemResponses). */
    public static final class NotUtf8Exception extends HttpMessageNotReadableException {

        private final transient MediaType declared;

        NotUtf8Exception(MediaType declared) {
            super("send the body as application/json (UTF-8), not " + declared, (HttpInputMessage) null);
            this.declared = declared;
        }

        /** The {@code Content-Type} as sent. */
        public MediaType declared() {
            return declared;
        }
    }

    /** The body exceeds {@link #MAX_BODY_BYTES}. */
    public static final class BodyTooLargeException extends HttpMessageNotReadableException {

        BodyTooLargeException(int limit) {
            super("the body must be at most " + limit + " bytes", (HttpInputMessage) null);
        }
    }
}
