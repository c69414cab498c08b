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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
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

    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
        byte[] body = input.getBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new BodyTooLargeException(MAX_BODY_BYTES);
        }
        MediaType contentType = input.getHeaders().getContentType();
        Charset charset = contentType == null || contentType.getCharset() == null
                ? StandardCharsets.UTF_8 : contentType.getCharset();
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

    /** The dotted path of the value holding byte {@code offset}, or "body" when it is not inside a value. */
    private String fieldAt(byte[] body, int offset) {
        // Parse the well-formed prefix up to the bad byte: the context open at its end names the field.
        byte[] prefix = java.util.Arrays.copyOf(body, offset);
        String path = "";
        try (JsonParser parser = requests.getFactory().createParser(prefix)) {
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.FIELD_NAME || token.isScalarValue()) {
                        path = path(parser.getParsingContext());
                    }
                }
            } catch (IOException e) {
                path = path(parser.getParsingContext());
            }
        } catch (IOException e) {
            return "body";
        }
        return path.isEmpty() ? "body" : path;
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

    /** The body exceeds {@link #MAX_BODY_BYTES}. */
    public static final class BodyTooLargeException extends HttpMessageNotReadableException {

        BodyTooLargeException(int limit) {
            super("the body must be at most " + limit + " bytes", (HttpInputMessage) null);
        }
    }
}
