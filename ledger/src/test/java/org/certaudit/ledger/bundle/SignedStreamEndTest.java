package org.certaudit.ledger.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.junit.jupiter.api.Test;

class SignedStreamEndTest {

    private static final String ROOT = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final EvidenceBundle.Subject AUDIT = new EvidenceBundle.Subject("audit", "0455-2021-SE.1", "0455-2021-SE");
    private static final BundleEvent LAST = new BundleEvent(103, 102L, "0455-2021-SE/0000000000000000101", "0455-2021-SE",
            "Project", 101L, "event-101", 1L, 2L, "org.certaudit.audit.CertificateGranted", null, "{}", "{}", null, HASH,
            List.of());

    private final KeyPair key = Keys.generate();

    @Test
    void signsTheDocumentedCanonicalForm() {
        assertThat(new String(SignedStreamEnd.signedBytes(AUDIT, 411, ROOT, 101, 102L, HASH, 0, 1_700_000_000_000L),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"format\":\"certaudit-stream-end/1\",\"lastEventHash\":\"" + HASH + "\",\"lastLeafIndex\":102,"
                        + "\"lastSeq\":101,\"pending\":0,\"rootHash\":\"" + ROOT + "\",\"subject\":{\"id\":\"0455-2021-SE.1\","
                        + "\"kind\":\"audit\",\"projectId\":\"0455-2021-SE\"},\"timestamp\":1700000000000,\"treeSize\":411}");
    }

    @Test
    void verifiesWithTheSigningKeyAndFailsWhenTheEndSubjectOrTreeHeadIsChanged() {
        SignedStreamEnd end = SignedStreamEnd.sign(AUDIT, 411, ROOT, LAST, 0, 1_700_000_000_000L, key.getPrivate(),
                key.getPublic());

        assertThat(end.verifies(key.getPublic())).isTrue();
        assertThat(end.verifies(Keys.generate().getPublic())).isFalse();
        assertThat(end.keyId()).isEqualTo(Keys.keyId(key.getPublic()));
        assertThat(new SignedStreamEnd(AUDIT, 411, ROOT, 99, 100L, end.lastEventHash(), 0, end.timestamp(), end.keyId(),
                end.signature()).verifies(key.getPublic())).as("an earlier end").isFalse();
        assertThat(new SignedStreamEnd(new EvidenceBundle.Subject("audit", "0455-2021-SE.2", "0455-2021-SE"), 411, ROOT,
                101, 102L, HASH, 0, end.timestamp(), end.keyId(), end.signature()).verifies(key.getPublic()))
                .as("another audit").isFalse();
        assertThat(new SignedStreamEnd(AUDIT, 412, ROOT, 101, 102L, HASH, 0, end.timestamp(), end.keyId(),
                end.signature()).verifies(key.getPublic())).as("another tree head").isFalse();
        assertThat(new SignedStreamEnd(AUDIT, 411, ROOT, 101, 102L, HASH, 1, end.timestamp(), end.keyId(),
                end.signature()).verifies(key.getPublic())).as("events pending").isFalse();
    }

    @Test
    void isNeverTakenForATreeHeadNorATreeHeadForIt() {
        SignedTreeHead head = SignedTreeHead.sign(411, Canonical.hash(ROOT), 1_700_000_000_000L, key.getPrivate(),
                key.getPublic());
        SignedStreamEnd end = SignedStreamEnd.sign(AUDIT, 411, ROOT, LAST, 0, 1_700_000_000_000L, key.getPrivate(),
                key.getPublic());

        assertThat(new SignedStreamEnd(AUDIT, 411, ROOT, 101, 102L, HASH, 0, head.timestamp(), head.keyId(),
                head.signature()).verifies(key.getPublic())).isFalse();
        assertThat(new SignedTreeHead(411, ROOT, end.timestamp(), end.keyId(), end.signature()).verifies(key.getPublic()))
                .isFalse();
    }
}
