package org.certaudit.ledger.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.certaudit.ledger.treehead.SignedTreeHead;

import java.util.List;
import java.util.Objects;

/**
 * Everything a regulator needs to check an audit's or a project's record offline: the events as stored, one
 * signed tree head, the inclusion proof of every event against it, and the public key. Written as JSON; the
 * module README describes every field.
 *
 * @param format       {@value #FORMAT}
 * @param subject      what the bundle is about
 * @param exportedAt   when it was exported, ISO-8601
 * @param publicKey    the log's Ed25519 public key, PEM (X.509); a careful reader passes its own copy instead
 * @param treeHead     the signed tree head every inclusion proof leads to
 * @param events       the stream's events from sequence 0 on, in sequence order
 * @param pending      events of the stream stored after the tree head, not in it yet (not in {@code events})
 * @param consistency  consistency proofs from older tree sizes to the tree head, for tree heads a reader kept
 * @param streamEnd    the log's signed statement of the subject's last event under {@code treeHead}, so that events cut
 *                     off the end are seen; null in a bundle exported before it existed (its end is then not proven)
 *
 * <p>Read leniently: the query side adds the {@code ledger} member every answer about an audit or project carries (here
 * the same head as {@code treeHead}), and a later format may add members a reader of this one ignores.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvidenceBundle(String format, Subject subject, String exportedAt, String publicKey,
                             SignedTreeHead treeHead, List<BundleEvent> events, int pending,
                             List<ConsistencyProof> consistency, SignedStreamEnd streamEnd) {

    public static final String FORMAT = "certaudit-evidence/1";

    /**
     * A bundle has its events, and no null among them or among its consistency proofs: the verifier reads each, so a
     * file edited to hold {@code "events": null} or {@code [null]} is a file of the wrong shape (exit 2), not a crash.
     */
    public EvidenceBundle {
        Objects.requireNonNull(events, "events");
        if (events.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("events: an entry is null");
        }
        if (consistency != null && consistency.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("consistency: an entry is null");
        }
    }

    /** A bundle without a signed stream end, as exported before it existed. */
    public EvidenceBundle(String format, Subject subject, String exportedAt, String publicKey, SignedTreeHead treeHead,
                          List<BundleEvent> events, int pending, List<ConsistencyProof> consistency) {
        this(format, subject, exportedAt, publicKey, treeHead, events, pending, consistency, null);
    }

    /** This bundle with {@code end} as its signed stream end. */
    public EvidenceBundle withStreamEnd(SignedStreamEnd end) {
        return new EvidenceBundle(format, subject, exportedAt, publicKey, treeHead, events, pending, consistency, end);
    }

    /**
     * @param kind      {@code audit} or {@code project}
     * @param id        the audit id ({@code 0455-2021-SE.1}) or project number ({@code 0455-2021-SE})
     * @param projectId the stream the events come from
     */
    public record Subject(String kind, String id, String projectId) {
    }

    /**
     * @param fromSize the older tree size
     * @param proof    RFC 9162 consistency proof from {@code fromSize} to the bundle's tree head, hex
     */
    public record ConsistencyProof(long fromSize, List<String> proof) {
    }
}
