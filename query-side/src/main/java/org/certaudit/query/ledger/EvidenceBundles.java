package org.certaudit.query.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.bundle.SignedStreamEnd;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.query.BadParameterException;
import org.certaudit.query.NotFoundException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.certaudit.web.RuleCode;

/**
 * Builds evidence bundles: a project's stream from sequence 0 (for an audit: up to the audit's last event),
 * each event as stored with its inclusion proof against one tree head, signed for the occasion when the log
 * has grown since the latest, and the log's {@link SignedStreamEnd}: the subject's last event under that head, signed with
 * the same key, so that a bundle whose last events were cut off fails the verifier. The events are read by their unique
 * {@code stream} keys, a page at a time. A bundle is built whole in memory; {@link EvidenceExports} bounds how many are.
 */
public class EvidenceBundles {

    private static final int PAGE = 100;
    private final TransparencyLog log;
    private final MongoCollection<Document> events;
    private final ObjectMapper json = new ObjectMapper();

    public EvidenceBundles(TransparencyLog log, MongoDatabase database) {
        this.log = log;
        this.events = database.getCollection(EventDocuments.EVENTS);
    }

    /** @throws NotFoundException when the project has no events */
    public EvidenceBundle project(ProjectNumber project, List<Long> consistencyFrom) {
        SignedTreeHead head = head();
        List<Document> stream = stream(project.value());
        if (stream.isEmpty()) {
            throw new NotFoundException("no events of project " + project);
        }
        return bundle(new EvidenceBundle.Subject("project", project.value(), project.value()), stream, head, consistencyFrom);
    }

    /** The project's stream up to the audit's last event. @throws NotFoundException when the audit has no events */
    public EvidenceBundle audit(AuditId audit, List<Long> consistencyFrom) {
        SignedTreeHead head = head();
        List<Document> stream = stream(audit.projectNumber().value());
        int last = -1;
        for (int i = 0; i < stream.size(); i++) {
            if (audit.value().equals(auditIdOf(stream.get(i)))) {
                last = i;
            }
        }
        if (last < 0) {
            throw new NotFoundException("no events of audit " + audit);
        }
        return bundle(new EvidenceBundle.Subject("audit", audit.value(), audit.projectNumber().value()),
                      stream.subList(0, last + 1), head, consistencyFrom);
    }

    /**
     * The tree head the bundle is proven against, taken before the stream is read: every event it holds was stored
     * before it was signed, so the read that follows finds them all, and the signed stream end names the subject's true
     * last event under it (events stored meanwhile come after it, as pending). Read the other way round, an event stored
     * between the read and the signing would be in the head but not in the bundle, and the end signed would be false.
     */
    private SignedTreeHead head() {
        log.catchUp();
        return log.signIfDue(true);
    }

    private EvidenceBundle bundle(EvidenceBundle.Subject subject, List<Document> stream, SignedTreeHead head,
                                  List<Long> consistencyFrom) {
        MongoLog mongoLog = log.store();
        for (Long from : consistencyFrom) {
            if (from < 1 || from > head.treeSize()) {
                throw new BadParameterException("consistencyFrom", RuleCode.LEDGER_TREE_SIZE.with("value", from, "min", 1,
                        "max", head.treeSize()), "consistencyFrom must be tree sizes from 1 to "
                        + head.treeSize() + " (the bundle's tree head), was " + from);
            }
        }
        Map<Long, LeafEntry> leaves = mongoLog.leavesOfPositions(stream.stream().map(EventDocuments::position).toList());
        // Events stored after the head's last leaf are pending (a suffix of the stream); any other event the
        // head does not hold goes into the bundle without a proof, for the verifier to name.
        long frontier = head.treeSize() == 0 ? 0
                : mongoLog.leafAt(head.treeSize() - 1).map(LeafEntry::position).orElse(0L);
        int end = stream.size();
        while (end > 0 && !covered(leaves.get(EventDocuments.position(stream.get(end - 1))), head)
               && EventDocuments.position(stream.get(end - 1)) > frontier) {
            end--;
        }
        List<BundleEvent> bundled = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            Document document = stream.get(i);
            LeafEntry leaf = leaves.get(EventDocuments.position(document));
            boolean covered = covered(leaf, head);
            bundled.add(event(document, covered ? leaf.index() : null,
                              covered ? hex(mongoLog.tree().inclusionProof(leaf.index(), head.treeSize())) : null));
        }
        List<EvidenceBundle.ConsistencyProof> proofs = consistencyFrom.stream()
                .distinct()
                .map(from -> new EvidenceBundle.ConsistencyProof(from, hex(mongoLog.tree().consistencyProof(from, head.treeSize()))))
                .toList();
        Instant now = Instant.now();
        int pending = stream.size() - end;
        SignedStreamEnd streamEnd = SignedStreamEnd.sign(subject, head.treeSize(), head.rootHash(),
                bundled.isEmpty() ? null : bundled.get(bundled.size() - 1), pending, now.toEpochMilli(),
                log.key().pair().getPrivate(), log.key().publicKey());
        return new EvidenceBundle(EvidenceBundle.FORMAT, subject, now.toString(), log.key().publicKeyPem(),
                                  head, bundled, pending, proofs, streamEnd);
    }

    private static boolean covered(LeafEntry leaf, SignedTreeHead head) {
        return leaf != null && leaf.index() < head.treeSize();
    }

    /** The project's events by sequence, read by stream key a page at a time until a page finds none. */
    List<Document> stream(String project) {
        List<Document> found = new ArrayList<>();
        for (long from = 0; ; from += PAGE) {
            List<String> keys = LongStream.range(from, from + PAGE).mapToObj(seq -> EventDocuments.streamKey(project, seq)).toList();
            // A page asked for as one batch: the server ends a reply at its size bound (MongoDB at 16 MiB, the
            // embedded store at 1 Mi characters), so a page of events near the body limit, 100 MB, comes in many.
            List<Document> page = events.find(Filters.in(EventDocuments.STREAM, keys)).batchSize(PAGE)
                                        .into(new ArrayList<>());
            if (page.isEmpty()) {
                break;
            }
            found.addAll(page);
        }
        found.sort(Comparator.comparingLong(document -> ((Number) document.get("seq")).longValue()));
        return found;
    }

    private String auditIdOf(Document document) {
        try {
            JsonNode payload = json.readTree(document.getString("payload"));
            JsonNode auditId = payload == null ? null : payload.get("auditId");
            if (auditId != null && auditId.isObject()) {
                // AuditId is a record: Jackson writes {"value": "0455-2021-SE.1"}.
                auditId = auditId.get("value");
            }
            return auditId == null ? null : auditId.asText();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The document as stored. A field of the wrong type (a changed store) is carried as well as the bundle's
     * format allows, never refused: the verifier is the one to say what is wrong with it.
     */
    private static BundleEvent event(Document document, Long leafIndex, List<String> proof) {
        Object seq = document.get("seq");
        return new BundleEvent(EventDocuments.position(document), leafIndex, text(document, EventDocuments.STREAM),
                               text(document, "aggregateId"), text(document, "aggregateType"),
                               seq instanceof Number number ? number.longValue() : null, text(document, "eventId"),
                               millis(document, "timestamp"), millis(document, "appendedAt"),
                               text(document, "payloadType"), text(document, "payloadRevision"),
                               text(document, "payload"), text(document, "metaData"),
                               text(document, EventDocuments.PREV_HASH), text(document, EventDocuments.HASH), proof);
    }

    private static String text(Document document, String field) {
        Object value = document.get(field);
        return value == null ? null : value.toString();
    }

    private static long millis(Document document, String field) {
        Object value = document.get(field);
        if (value instanceof java.util.Date date) {
            return date.getTime();
        }
        return value instanceof Number number ? number.longValue() : 0;
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(Canonical::hex).toList();
    }
}
