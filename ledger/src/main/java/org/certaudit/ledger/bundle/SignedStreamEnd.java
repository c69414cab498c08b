package org.certaudit.ledger.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.treehead.Keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * The log's signed statement of where an evidence bundle's subject ends: "in the tree of {@code treeSize} leaves with root
 * {@code rootHash}, the last event of {@code subject} is sequence {@code lastSeq} of stream {@code subject.projectId}, at
 * leaf {@code lastLeafIndex} with hash {@code lastEventHash}; {@code pending} events of it after that were stored and not
 * logged yet". An inclusion proof shows that an event is in the log, never that no other one follows it: without this
 * statement a bundle whose last events were cut off (an audit's technical review and decision) still proves every event it
 * holds.
 *
 * <p>Signed with the log's Ed25519 key (RFC 8032, the key of the tree heads) over the RFC 8785 form of
 * <pre>
 * { "format": "certaudit-stream-end/1",
 *   "subject": { "kind": "audit" | "project", "id": …, "projectId": … },
 *   "treeSize": integer, "rootHash": 64 hex,
 *   "lastSeq": integer (-1 when the tree head holds no event of the subject),
 *   "lastLeafIndex": integer or null, "lastEventHash": 64 hex or null,
 *   "pending": integer, "timestamp": integer (ms since epoch) }
 * </pre>
 * The {@code format} member is the domain separation: a tree head's signed bytes begin
 * {@code {"format":"certaudit-tree-head/1"}, so neither signature verifies as the other (the role of the
 * {@code versioned_type} with which RFC 9162, section 4.5, tags each structure a log produces). It is bound to one tree head by {@code treeSize} and
 * {@code rootHash}. It is the operator's word, as a tree head is: it stops anyone who merely passes the bundle on from
 * cutting off its end, not the holder of the signing key.
 *
 * @param subject       the bundle's subject; {@code projectId} is the stream
 * @param treeSize      the size of the bundle's tree head
 * @param rootHash      its root, 64 lower-case hex characters
 * @param lastSeq       the sequence of the subject's last event the tree head holds: a project's stream's last event, an
 *                      audit's last event (the project's events after it are other audits'); -1 for none
 * @param lastLeafIndex the leaf of that event in the log; null with {@code lastSeq} -1
 * @param lastEventHash that event's hash as stored; null with {@code lastSeq} -1
 * @param pending       the subject's events stored after that one but not in the tree head yet (the bundle's
 *                      {@code pending})
 * @param timestamp     when it was signed, in milliseconds since 1970-01-01T00:00:00Z
 * @param keyId         SHA-256 of the public key's X.509 (DER) encoding, 64 hex characters
 * @param signature     the Ed25519 signature, base64 (64 bytes)
 */
public record SignedStreamEnd(EvidenceBundle.Subject subject, long treeSize, String rootHash, long lastSeq,
                              Long lastLeafIndex, String lastEventHash, int pending, long timestamp, String keyId,
                              String signature) {

    public static final String FORMAT = "certaudit-stream-end/1";

    public SignedStreamEnd {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * Signs where {@code subject} ends under the tree head of {@code treeSize} leaves and root {@code rootHash}.
     *
     * @param last the subject's last event in that tree head (its sequence, leaf and hash); null when there is none
     */
    public static SignedStreamEnd sign(EvidenceBundle.Subject subject, long treeSize, String rootHash, BundleEvent last,
                                       int pending, long timestamp, PrivateKey key, PublicKey publicKey) {
        long lastSeq = last == null || last.seq() == null ? -1 : last.seq();
        Long leaf = last == null ? null : last.leafIndex();
        String hash = last == null ? null : last.hash();
        return new SignedStreamEnd(subject, treeSize, rootHash, lastSeq, leaf, hash, pending, timestamp,
                Keys.keyId(publicKey), Keys.sign(signedBytes(subject, treeSize, rootHash, lastSeq, leaf, hash, pending, timestamp), key, "a stream end"));
    }

    /** Whether {@code publicKey} signed exactly this statement. */
    public boolean verifies(PublicKey publicKey) {
        return Keys.verifies(signedBytes(subject, treeSize, rootHash, lastSeq, lastLeafIndex, lastEventHash, pending,
                timestamp), signature, publicKey);
    }

    /** The bytes the signature covers: the RFC 8785 form above, UTF-8. */
    public static byte[] signedBytes(EvidenceBundle.Subject subject, long treeSize, String rootHash, long lastSeq,
                                     Long lastLeafIndex, String lastEventHash, int pending, long timestamp) {
        ObjectNode node = Canonical.object();
        node.put("format", FORMAT);
        ObjectNode about = node.putObject("subject");
        about.put("kind", subject.kind());
        about.put("id", subject.id());
        about.put("projectId", subject.projectId());
        node.put("treeSize", treeSize);
        node.put("rootHash", rootHash);
        node.put("lastSeq", lastSeq);
        node.put("lastLeafIndex", lastLeafIndex);
        node.put("lastEventHash", lastEventHash);
        node.put("pending", pending);
        node.put("timestamp", timestamp);
        return Canonical.bytes(node);
    }
}
