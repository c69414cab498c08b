package org.certaudit.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.erdtman.jcs.JsonCanonicalizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * RFC 8785 (JSON Canonicalization Scheme) bytes and SHA-256, the two primitives every hash of the ledger is
 * built from. Hashes travel as 64 lower-case hexadecimal characters.
 */
public final class Canonical {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private Canonical() {
    }

    /** A fresh JSON object to fill and then {@linkplain #bytes(ObjectNode) canonicalize}. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * The RFC 8785 form of {@code node} as UTF-8: members sorted by their UTF-16 code units, no
     * whitespace, strings with the minimal escapes, numbers in ECMAScript form.
     */
    public static byte[] bytes(ObjectNode node) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedUTF8();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON object the ledger built could not be written", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #bytes(ObjectNode)} as a string, for documentation and error messages. */
    public static String text(ObjectNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Decodes a hash written as hexadecimal.
     *
     * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal characters
     */
    public static byte[] hash(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a SHA-256 hash is 64 hexadecimal characters, got "
                                               + (hex == null ? "nothing" : hex.length() + " characters"));
        }
        return HEX.parseHex(hex);
    }

    /** The mapper the ledger reads and writes its JSON files with. */
    public static ObjectMapper mapper() {
        return JSON;
    }
}
