package org.certaudit.query.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.query.BadParameterException;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.web.RuleCode;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Ledger", description = "The transparency log: signed tree heads, inclusion and consistency proofs (RFC 9162) and"
        + " evidence bundles that ledger-verifier.jar checks offline")
class LedgerController {

    private static final int MAX_HEADS = 200;
    /** The longest event id asked for: the store's ids are 36-character UUIDs; a longer one is refused, not looked up. */
    private static final int MAX_EVENT_ID = 128;
    private final TransparencyLog log;
    private final EvidenceBundles bundles;

    LedgerController(TransparencyLog log, EvidenceBundles bundles) {
        this.log = log;
        this.bundles = bundles;
    }

    @GetMapping(value = "/api/ledger/public-key", produces = "application/x-pem-file")
    @Operation(summary = "The log's Ed25519 public key (X.509 PEM); its key id (SHA-256 of the DER) in the Ledger-Key-Id header."
            + " Open: anyone may check signatures")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok().header("Ledger-Key-Id", log.key().keyId())
                             .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"ledger-public-key.pem\"")
                             .body(log.key().publicKeyPem());
    }

    @GetMapping("/api/ledger/tree-heads/latest")
    @Operation(summary = "The latest signed tree head: tree size, root hash (hex), time (ms since the epoch), key id, Ed25519"
            + " signature (base64). Keep it: ledger-verifier.jar --tree-head proves later that nothing before it changed")
    SignedTreeHead latest() {
        return log.store().latestHead().orElseThrow(() -> new NotFoundException("the log has signed no tree head yet"));
    }

    @GetMapping("/api/ledger/tree-heads")
    @Operation(summary = "Signed tree heads, newest first; page back with before=<the smallest size you got>")
    List<SignedTreeHead> heads(
            @Parameter(description = "only heads of a tree size below this") @RequestParam(required = false) String before,
            @Parameter(description = "how many, 1 to 200") @RequestParam(defaultValue = "50") String limit) {
        Long below = before == null ? null : size("before", before);
        long count = RequestParameters.wholeNumber("limit", limit, 1, MAX_HEADS);
        return log.store().heads(below, (int) count);
    }

    @GetMapping("/api/ledger/inclusion-proof")
    @Operation(summary = "The RFC 9162 inclusion proof of one event (by eventId or position) in the tree of treeSize leaves"
            + " (default: the latest signed tree head)")
    InclusionProof inclusionProof(
            @Parameter(description = "the event's id") @RequestParam(required = false) String eventId,
            @Parameter(description = "the event's global position") @RequestParam(required = false) String position,
            @Parameter(description = "a tree size; the latest signed one when left out") @RequestParam(required = false) String treeSize) {
        if ((eventId == null) == (position == null)) {
            throw new BadParameterException(eventId == null ? "eventId" : "position",
                    RuleCode.PARAMETER_EXACTLY_ONE.with("parameters", List.of("eventId", "position")),
                    "give either eventId or position");
        }
        // Every parameter is read before anything is looked up: a malformed one is named, whatever the log holds.
        // Positions start at 1 (the store's counter), and a tree of no leaves has no proof of any.
        Long at = position == null ? null : RequestParameters.wholeNumber("position", position, 1);
        Long askedSize = treeSize == null ? null : RequestParameters.wholeNumber("treeSize", treeSize, 1);
        if (eventId != null && eventId.length() > MAX_EVENT_ID) {
            throw new BadParameterException("eventId", RuleCode.FIELD_SIZE.with("min", 1, "max", MAX_EVENT_ID),
                    "eventId must be at most " + MAX_EVENT_ID + " characters (an event id is a 36-character UUID), was "
                            + eventId.length());
        }
        LeafEntry leaf;
        if (at != null) {
            leaf = log.store().leafOfPosition(at).orElseThrow(() -> new NotFoundException("no event at position " + at + " is in the log"));
        } else {
            leaf = log.store().leafOfEvent(eventId).orElseThrow(() -> new NotFoundException("event " + eventId + " is not in the log"));
        }
        SignedTreeHead latest = latest();
        long size = askedSize == null ? latest.treeSize() : askedSize;
        if (size > log.store().size()) {
            throw new BadParameterException("treeSize", RuleCode.LEDGER_TREE_SIZE.with("value", size, "min", leaf.index() + 1,
                    "max", log.store().size()), "treeSize must be at most the log's size " + log.store().size() + ", was " + size);
        }
        if (leaf.index() >= size) {
            throw new BadParameterException("treeSize", RuleCode.LEDGER_LEAF_NOT_IN_TREE.with("leafIndex", leaf.index(),
                    "treeSize", size), "the event is leaf " + leaf.index() + ", not in a tree of " + size
                    + " leaves; ask with a larger treeSize or wait for the next tree head");
        }
        return new InclusionProof(leaf.position(), leaf.eventId(), leaf.aggregateId(), leaf.seq(), leaf.index(),
                                  leaf.eventHash(), Canonical.hex(LogLeaf.leafHash(leaf.position(), leaf.eventHash())), size,
                                  Canonical.hex(log.store().tree().root(size)),
                                  EvidenceBundles.hex(log.store().tree().inclusionProof(leaf.index(), size)),
                                  log.store().headOfSize(size).orElse(null));
    }

    @GetMapping("/api/ledger/consistency-proof")
    @Operation(summary = "The RFC 9162 consistency proof that the tree of `first` leaves is a prefix of the tree of `second`"
            + " leaves (default: the latest signed tree head)")
    ConsistencyProof consistencyProof(
            @Parameter(description = "the older tree size, from 1") @RequestParam String first,
            @Parameter(description = "the newer tree size; the latest signed one when left out") @RequestParam(required = false) String second) {
        long from = size("first", first);
        Long asked = second == null ? null : size("second", second);
        long to = asked == null ? latest().treeSize() : asked;
        long logSize = log.store().size();
        if (from < 1) {
            throw new BadParameterException("first", RuleCode.LEDGER_TREE_SIZE.with("value", from, "min", 1, "max", to),
                    "first must be at least 1 (every tree extends the empty one), was " + from);
        }
        if (asked == null && from > to) {
            // second was left out, so the newer tree is the latest head: the size the caller sent is the one at fault.
            throw new BadParameterException("first", RuleCode.LEDGER_TREE_SIZE.with("value", from, "min", 1, "max", to),
                    "first must be at most the latest signed tree head's size " + to + " (second left out), was " + from);
        }
        if (to < from || to > logSize) {
            throw new BadParameterException("second", RuleCode.LEDGER_TREE_SIZE.with("value", to, "min", from, "max", logSize),
                    "second must be between first (" + from + ") and the log's size "
                    + logSize + ", was " + to);
        }
        return new ConsistencyProof(from, Canonical.hex(log.store().tree().root(from)), to,
                                    Canonical.hex(log.store().tree().root(to)),
                                    EvidenceBundles.hex(log.store().tree().consistencyProof(from, to)),
                                    log.store().headOfSize(from).orElse(null), log.store().headOfSize(to).orElse(null));
    }

    @GetMapping("/api/audits/{id}/evidence")
    @Operation(summary = "Evidence bundle of an audit: its project's events as stored from sequence 0 to the audit's last, their"
            + " hashes and inclusion proofs against one signed tree head, the log's signed statement of the audit's last event"
            + " under that head (streamEnd: a bundle cut short fails), and the public key. Check it with"
            + " java -jar ledger-verifier.jar bundle.json --key public.pem")
    ResponseEntity<EvidenceBundle> auditEvidence(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            @Parameter(description = "tree sizes of heads you kept, comma-separated: the bundle carries consistency proofs from them")
            @RequestParam(required = false) String consistencyFrom) {
        AuditId audit = RequestParameters.auditId("id", id);
        return named(audit.value(), bundles.audit(audit, sizes(consistencyFrom)));
    }

    @GetMapping("/api/projects/{projectNumber}/evidence")
    @Operation(summary = "Evidence bundle of a project number: its whole stream as stored, hashes, inclusion proofs against one"
            + " signed tree head, the log's signed statement of the stream's last event under that head (streamEnd), and the"
            + " public key")
    ResponseEntity<EvidenceBundle> projectEvidence(
            @Parameter(description = "project number, e.g. 0455-2021-SE") @PathVariable String projectNumber,
            @Parameter(description = "tree sizes of heads you kept, comma-separated: the bundle carries consistency proofs from them")
            @RequestParam(required = false) String consistencyFrom) {
        ProjectNumber project = RequestParameters.projectNumber("projectNumber", projectNumber);
        return named(project.value(), bundles.project(project, sizes(consistencyFrom)));
    }

    /** The bundle, shown inline by a browser and saved as {@code <id>-evidence.json} (RFC 6266: ids are ASCII). */
    private static ResponseEntity<EvidenceBundle> named(String id, EvidenceBundle bundle) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(id + "-evidence.json").build()
                        .toString())
                .body(bundle);
    }

    private static List<Long> sizes(String list) {
        List<Long> sizes = new ArrayList<>();
        if (list != null && !list.isEmpty()) {
            // Each part as sent: " 1" is refused, as " 1" is for any other whole number.
            for (String part : list.split(",", -1)) {
                sizes.add(size("consistencyFrom", part));
            }
        }
        return sizes;
    }

    private static long size(String parameter, String value) {
        return RequestParameters.wholeNumber(parameter, value, 0);
    }

    /**
     * @param leafIndex the event's leaf, from 0
     * @param leafHash  RFC 9162 leaf hash of the leaf data (see the module README), hex
     * @param proof     the audit path, leaf side first, hex
     * @param treeHead  the signed tree head of {@code treeSize}, when one was signed at that size
     */
    record InclusionProof(long position, String eventId, String aggregateId, Long seq, long leafIndex, String eventHash,
                          String leafHash, long treeSize, String rootHash, List<String> proof, SignedTreeHead treeHead) {
    }

    /**
     * @param firstTreeHead  the signed tree head of size {@code first}, when one was signed at that size
     * @param secondTreeHead likewise for {@code second}
     */
    record ConsistencyProof(long first, String firstRootHash, long second, String secondRootHash, List<String> proof,
                            SignedTreeHead firstTreeHead, SignedTreeHead secondTreeHead) {
    }

}
