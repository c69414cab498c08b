package org.certaudit.ledger.treehead;

import org.certaudit.ledger.Canonical;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys as PEM text: private keys as PKCS #8 ({@code -----BEGIN PRIVATE KEY-----}), public keys as
 * X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), the forms {@code openssl genpkey -algorithm
 * ed25519} and {@code openssl pkey -pubout} write.
 */
public final class Keys {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime has no Ed25519 (Java 15 or newer has)", e);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /**
     * Reads a PKCS #8 Ed25519 private key and derives its public key.
     *
     * @throws IllegalArgumentException when the text holds no such key
     */
    public static KeyPair readPrivateKey(String pem) {
        byte[] der = body(pem, "PRIVATE KEY");
        try {
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new KeyPair(publicKeyOf(der), privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key is not a PKCS #8 Ed25519 key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an X.509 Ed25519 public key.
     *
     * @throws IllegalArgumentException when the text holds no such key
     */
    public static PublicKey readPublicKey(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(body(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the public key is not an X.509 Ed25519 key: " + e.getMessage(), e);
        }
    }

    /**
     * The Ed25519 signature (RFC 8032) of {@code bytes}, Base64: how tree heads and signed stream ends are signed.
     *
     * @param what what is signed, in words, for the failure's message
     * @throws IllegalStateException when the key cannot sign (not an Ed25519 private key)
     */
    public static String sign(byte[] bytes, PrivateKey key, String what) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(bytes);
            return Base64.getEncoder().encodeToString(ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign " + what + " with the configured Ed25519 key", e);
        }
    }

    /**
     * Whether {@code signature} (Base64) is {@code publicKey}'s Ed25519 signature of exactly {@code bytes}; false for a
     * malformed signature or a key of another kind.
     */
    public static boolean verifies(byte[] bytes, String signature, PublicKey publicKey) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey);
            ed25519.update(bytes);
            return ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (InvalidKeyException | SignatureException | IllegalArgumentException e) {
            return false;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no Ed25519 (Java 15 or newer has)", e);
        }
    }

    /** SHA-256 of the public key's X.509 (DER) encoding, as hex: names a key in tree heads and bundles. */
    public static String keyId(PublicKey key) {
        return Canonical.hex(Canonical.sha256(key.getEncoded()));
    }

    /**
     * The public key of a PKCS #8 Ed25519 key. The JDK does not derive it, so the 32-byte seed (the last
     * bytes of the PKCS #8 structure, RFC 8410) is signed with and checked against: Ed25519 public keys
     * are computed from the seed, which the JDK does through a fixed-seed generator.
     */
    private static PublicKey publicKeyOf(byte[] pkcs8) throws GeneralSecurityException {
        byte[] seed = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, new FixedRandom(seed));
        return generator.generateKeyPair().getPublic();
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] body(String pem, String type) {
        Matcher matcher = PEM.matcher(pem == null ? "" : pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(matcher.group(2));
            }
        }
        throw new IllegalArgumentException("no '-----BEGIN " + type + "-----' block found");
    }

    /** Hands the generator the seed as its only randomness, so that it computes that seed's key pair. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
