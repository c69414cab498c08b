package org.certaudit.query.ledger;

import org.certaudit.ledger.treehead.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;

/**
 * The log's Ed25519 key pair: from {@code certaudit.ledger.signing-key} or {@code signing-key-file}, else the
 * one generated on first start in {@code key-dir} (a warning every start: whoever can change the data on that disk
 * can also sign again with a key kept there; only a tree head a reader kept still catches them). The public key is written next to it for {@code run.sh}.
 */
public final class SigningKey {

    static final String PRIVATE_FILE = "ledger-signing-key.pem";
    static final String PUBLIC_FILE = "ledger-public-key.pem";
    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private final KeyPair pair;

    private SigningKey(KeyPair pair) {
        this.pair = pair;
    }

    static SigningKey load(LedgerProperties properties) {
        try {
            if (properties.signingKey() != null && !properties.signingKey().isBlank()) {
                return published(read(properties.signingKey(), "certaudit.ledger.signing-key"), properties.keyDir());
            }
            if (properties.signingKeyFile() != null) {
                return published(read(Files.readString(properties.signingKeyFile()),
                                      "certaudit.ledger.signing-key-file " + properties.signingKeyFile()), properties.keyDir());
            }
            Path dir = properties.keyDir();
            Path file = dir.resolve(PRIVATE_FILE);
            KeyPair pair;
            if (Files.exists(file)) {
                pair = read(Files.readString(file), file.toString());
            } else {
                Files.createDirectories(dir);
                pair = Keys.generate();
                Files.writeString(file, Keys.privateKeyPem(pair.getPrivate()));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: the file keeps the directory's permissions.
                }
            }
            Files.writeString(dir.resolve(PUBLIC_FILE), Keys.publicKeyPem(pair.getPublic()));
            log.warn("The ledger signs its tree heads with a key generated for local use in {} (key id {}). In production"
                     + " set certaudit.ledger.signing-key-file to a key kept apart from the data and publish its"
                     + " public key.", file.toAbsolutePath(), Keys.keyId(pair.getPublic()));
            return new SigningKey(pair);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the ledger's signing key: " + e.getMessage(), e);
        }
    }

    /** A configured key; its public key is written to {@code key-dir} when that can be done, for {@code run.sh}. */
    private static SigningKey published(KeyPair pair, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(PUBLIC_FILE), Keys.publicKeyPem(pair.getPublic()));
        } catch (IOException e) {
            log.info("The ledger's public key was not written to {} ({}); it is served at /api/ledger/public-key",
                     dir, e.getMessage());
        }
        log.info("The ledger signs its tree heads with the configured key (key id {})", Keys.keyId(pair.getPublic()));
        return new SigningKey(pair);
    }

    private static KeyPair read(String pem, String source) {
        try {
            return Keys.readPrivateKey(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " holds no Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public KeyPair pair() {
        return pair;
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    public String publicKeyPem() {
        return Keys.publicKeyPem(pair.getPublic());
    }

    public String keyId() {
        return Keys.keyId(pair.getPublic());
    }
}
