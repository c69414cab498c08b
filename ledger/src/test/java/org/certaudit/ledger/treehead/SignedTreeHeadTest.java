package org.certaudit.ledger.treehead;

import org.certaudit.ledger.Canonical;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedTreeHeadTest {

    private static final byte[] ROOT = Canonical.hash("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void verifiesWithTheSigningKeyOnly() {
        KeyPair key = Keys.generate();
        SignedTreeHead head = SignedTreeHead.sign(8, ROOT, 1_700_000_000_000L, key.getPrivate(), key.getPublic());
        assertThat(head.verifies(key.getPublic())).isTrue();
        assertThat(head.verifies(Keys.generate().getPublic())).isFalse();
        assertThat(head.keyId()).isEqualTo(Keys.keyId(key.getPublic()));
    }

    @Test
    void failsWhenSizeRootOrTimeIsChanged() {
        KeyPair key = Keys.generate();
        SignedTreeHead head = SignedTreeHead.sign(8, ROOT, 1_700_000_000_000L, key.getPrivate(), key.getPublic());
        assertThat(new SignedTreeHead(7, head.rootHash(), head.timestamp(), head.keyId(), head.signature())
                           .verifies(key.getPublic())).isFalse();
        assertThat(new SignedTreeHead(8, "00" + head.rootHash().substring(2), head.timestamp(), head.keyId(),
                                      head.signature()).verifies(key.getPublic())).isFalse();
        assertThat(new SignedTreeHead(8, head.rootHash(), head.timestamp() + 1, head.keyId(), head.signature())
                           .verifies(key.getPublic())).isFalse();
    }

    @Test
    void signsTheDocumentedCanonicalForm() {
        assertThat(new String(SignedTreeHead.signedBytes(8, Canonical.hex(ROOT), 1_700_000_000_000L),
                              java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"format\":\"certaudit-tree-head/1\",\"rootHash\":"
                           + "\"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\","
                           + "\"timestamp\":1700000000000,\"treeSize\":8}");
    }

    @Test
    void readsBackAPrivateKeyPemWithItsPublicKey() {
        KeyPair key = Keys.generate();
        KeyPair read = Keys.readPrivateKey(Keys.privateKeyPem(key.getPrivate()));
        assertThat(read.getPublic().getEncoded()).isEqualTo(key.getPublic().getEncoded());
        assertThat(Keys.readPublicKey(Keys.publicKeyPem(key.getPublic())).getEncoded())
                .isEqualTo(key.getPublic().getEncoded());
    }

    @Test
    void readsAKeyWrittenByOpenssl() {
        // openssl genpkey -algorithm ed25519 (the RFC 8410 section 10.3 example key)
        String pem = """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
                -----END PRIVATE KEY-----
                """;
        KeyPair read = Keys.readPrivateKey(pem);
        // RFC 8410 section 10.1: the public key of that seed is 19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1
        assertThat(Canonical.hex(java.util.Arrays.copyOfRange(read.getPublic().getEncoded(), 12, 44)))
                .isEqualTo("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");
    }

    @Test
    void namesWhatIsWrongWithAFileThatHoldsNoKey() {
        assertThatThrownBy(() -> Keys.readPublicKey("hello"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BEGIN PUBLIC KEY");
    }
}
