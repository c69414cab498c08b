package org.certaudit.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.bundle.SignedStreamEnd;
import org.certaudit.ledger.merkle.MerkleProofs;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.ledger.verifier.BundleVerifier;
import org.certaudit.ledger.verifier.StoreVerifier;
import org.certaudit.ledger.verifier.Verdict;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The ledger's HTTP API on the running query side, and the tree head on its other answers. */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerHttpTest {

    static final ProjectNumber PROJECT = new ProjectNumber("7301-2026-SE");
    static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransparencyLog log;
    @Autowired
    @Qualifier("certauditDatabase")
    MongoDatabase database;

    PublicKey key;

    @BeforeAll
    void anAuditScoredAndLogged() {
        ProjectStream.append(eventStore, "leader", AuditFixtures.seedScoredAs(AUDIT));
        log.catchUp();
        log.signIfDue(true);
        key = Keys.readPublicKey(rest.getForObject("/api/ledger/public-key", String.class));
    }

    @Test
    void publishesThePublicKeyAndTheTreeHeadsToAnyoneWithoutSigningIn() throws Exception {
        ResponseEntity<String> pem = rest.getForEntity("/api/ledger/public-key", String.class);
        assertThat(pem.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(pem.getHeaders().getFirst("Ledger-Key-Id")).isEqualTo(Keys.keyId(key));
        assertThat(pem.getHeaders().getFirst("Content-Disposition")).isEqualTo("inline; filename=\"ledger-public-key.pem\"");

        SignedTreeHead latest = JSON.readValue(rest.getForObject("/api/ledger/tree-heads/latest", String.class), SignedTreeHead.class);
        assertThat(latest.verifies(key)).isTrue();
        JsonNode history = JSON.readTree(rest.getForObject("/api/ledger/tree-heads?limit=5", String.class));
        assertThat(history.get(0).path("treeSize").asLong()).isEqualTo(latest.treeSize());
        assertThat(rest.getForEntity("/api/ledger/inclusion-proof?position=1", String.class).getStatusCode())
                .as("proofs name events: signed-in readers only").isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void servesAnInclusionProofThatLeadsToTheSignedRoot() throws Exception {
        JsonNode proof = JSON.readTree(reviewer().getForObject("/api/ledger/inclusion-proof?position=3", String.class));
        SignedTreeHead head = JSON.treeToValue(proof.get("treeHead"), SignedTreeHead.class);
        assertThat(head.verifies(key)).isTrue();
        List<byte[]> path = new ArrayList<>();
        proof.get("proof").forEach(node -> path.add(Canonical.hash(node.asText())));
        MerkleProofs.verifyInclusion(proof.get("leafIndex").asLong(), head.treeSize(),
                                     Canonical.hash(proof.get("leafHash").asText()), path, head.rootHashBytes());
        assertThat(proof.get("position").asLong()).isEqualTo(3);
    }

    @Test
    void servesAConsistencyProofBetweenAnOlderAndTheLatestTreeHead() throws Exception {
        SignedTreeHead older = log.signIfDue(true);
        ProjectStream.append(eventStore, "leader", List.<AuditEvent>of(
                new ItemScoreRevised(AUDIT, "5.1.1.2", Percent.of(99), Percent.of(90), "fewer outlets", "2 closed")));
        log.catchUp();
        SignedTreeHead newer = log.signIfDue(true);
        assertThat(newer.treeSize()).isGreaterThan(older.treeSize());

        JsonNode proof = JSON.readTree(reviewer().getForObject(
                "/api/ledger/consistency-proof?first=" + older.treeSize() + "&second=" + newer.treeSize(), String.class));
        List<byte[]> path = new ArrayList<>();
        proof.get("proof").forEach(node -> path.add(Canonical.hash(node.asText())));
        MerkleProofs.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHashBytes(), newer.rootHashBytes(), path);
    }

    @Test
    void exportsEvidenceBundlesOfTheAuditAndTheProjectThatVerifyOffline() throws Exception {
        SignedTreeHead kept = log.signIfDue(true);
        ResponseEntity<String> answer = reviewer().getForEntity(
                "/api/audits/" + AUDIT + "/evidence?consistencyFrom=" + kept.treeSize(), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getFirst(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("inline; filename=\"" + AUDIT + "-evidence.json\"");
        EvidenceBundle ofAudit = JSON.readValue(answer.getBody(), EvidenceBundle.class);
        Verdict verdict = BundleVerifier.verify(ofAudit, key, kept);
        assertThat(verdict.problems()).isEmpty();
        assertThat(ofAudit.subject().kind()).isEqualTo("audit");
        assertThat(ofAudit.events()).hasSizeGreaterThan(90);

        EvidenceBundle ofProject = JSON.readValue(reviewer().getForObject("/api/projects/" + PROJECT + "/evidence", String.class),
                                                  EvidenceBundle.class);
        assertThat(BundleVerifier.verify(ofProject, key, null).problems()).isEmpty();
    }

    @Test
    void signsWhereTheAuditsAndTheProjectsEventsEndSoThatABundleCutShortFails() throws Exception {
        EvidenceBundle ofAudit = JSON.readValue(reviewer().getForObject("/api/audits/" + AUDIT + "/evidence", String.class),
                EvidenceBundle.class);
        EvidenceBundle ofProject = JSON.readValue(reviewer().getForObject("/api/projects/" + PROJECT + "/evidence",
                String.class), EvidenceBundle.class);

        for (EvidenceBundle bundle : List.of(ofAudit, ofProject)) {
            SignedStreamEnd end = bundle.streamEnd();
            BundleEvent last = bundle.events().get(bundle.events().size() - 1);
            assertThat(end).as(bundle.subject().kind()).isNotNull();
            assertThat(end.verifies(key)).isTrue();
            assertThat(end.subject()).isEqualTo(bundle.subject());
            assertThat(List.of(end.treeSize(), end.rootHash())).isEqualTo(List.of(bundle.treeHead().treeSize(),
                    bundle.treeHead().rootHash()));
            assertThat(List.of(end.lastSeq(), end.lastLeafIndex(), end.lastEventHash(), end.pending()))
                    .isEqualTo(List.of(last.seq(), last.leafIndex(), last.hash(), bundle.pending()));
            Verdict verdict = BundleVerifier.verify(bundle, key, null);
            assertThat(verdict.problems()).isEmpty();
            assertThat(verdict.limits()).isEmpty();
            assertThat(verdict.verified()).contains("the end is signed: " + bundle.subject().kind() + " "
                    + bundle.subject().id() + "'s last event under tree head of size " + end.treeSize() + " signed "
                    + java.time.Instant.ofEpochMilli(bundle.treeHead().timestamp()) + " is sequence " + last.seq()
                    + " (leaf " + last.leafIndex() + "), the bundle's last, so no event is missing at the end");

            EvidenceBundle cut = new EvidenceBundle(bundle.format(), bundle.subject(), bundle.exportedAt(),
                    bundle.publicKey(), bundle.treeHead(), bundle.events().subList(0, bundle.events().size() - 2),
                    bundle.pending(), List.of(), end);
            assertThat(BundleVerifier.verify(cut, key, null).firstProblem())
                    .startsWith("events at the end are missing: the log signed that " + bundle.subject().kind() + " "
                            + bundle.subject().id() + " runs to sequence " + last.seq())
                    .contains("2 events missing, from sequence " + (last.seq() - 1));
        }
    }

    @Test
    void answersBadParametersWithAProblemNamingTheParameterAndTheRule() throws Exception {
        assertRule("/api/ledger/inclusion-proof?position=abc", "position", "field.not-a-number");
        assertRule("/api/ledger/inclusion-proof?position=1&treeSize=-2", "treeSize", "field.min");
        assertRule("/api/ledger/inclusion-proof?position=1&eventId=x", "position", "parameter.exactly-one-of");
        assertRule("/api/ledger/consistency-proof?first=0", "first", "ledger.tree-size");
        assertRule("/api/ledger/consistency-proof?first=2&second=1", "second", "ledger.tree-size");
        assertRule("/api/ledger/tree-heads?limit=0", "limit", "field.min");
        assertRule("/api/audits/" + AUDIT + "/evidence?consistencyFrom=999999", "consistencyFrom", "ledger.tree-size");
        assertRule("/api/projects/!/evidence", "projectNumber", "field.malformed-id");
        assertThat(reviewer().getForEntity("/api/projects/9999-2026-SE/evidence", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    /** With second left out, the latest head is the newer tree: a first beyond it is first's fault, not second's. */
    @Test
    void refusesAFirstTreeSizeBeyondTheLatestHeadNamingFirstWhenSecondIsLeftOut() throws Exception {
        long head = JSON.readTree(rest.getForObject("/api/ledger/tree-heads/latest", String.class)).path("treeSize").asLong();

        JsonNode beyond = assertRule("/api/ledger/consistency-proof?first=" + (head + 1), "first", "ledger.tree-size");

        assertThat(beyond.path("value").asLong()).isEqualTo(head + 1);
        assertThat(beyond.path("min").asLong()).isEqualTo(1);
        assertThat(beyond.path("max").asLong()).as("the latest signed head's size").isEqualTo(head);
    }

    @Test
    void refusesAnInclusionProofInATreeBeyondTheLogOrWithoutTheEventsLeaf() throws Exception {
        long logSize = log.store().size();
        JsonNode beyond = assertRule("/api/ledger/inclusion-proof?position=3&treeSize=" + (logSize + 1_000_000), "treeSize",
                "ledger.tree-size");
        assertThat(beyond.path("value").asLong()).isEqualTo(logSize + 1_000_000);
        assertThat(beyond.path("max").asLong()).as("the log's size").isGreaterThanOrEqualTo(logSize);

        long leafIndex = JSON.readTree(reviewer().getForObject("/api/ledger/inclusion-proof?position=3", String.class))
                .path("leafIndex").asLong();
        assertThat(leafIndex).as("position 3 is not the first leaf").isPositive();
        JsonNode outside = assertRule("/api/ledger/inclusion-proof?position=3&treeSize=" + leafIndex, "treeSize",
                "ledger.leaf-not-in-tree");
        assertThat(outside.path("leafIndex").asLong()).isEqualTo(leafIndex);
        assertThat(outside.path("treeSize").asLong()).isEqualTo(leafIndex);
    }

    @Test
    void putsTheLatestTreeHeadOnScorecardAndHistoryAnswers() {
        await().atMost(Duration.ofSeconds(30)).until(() -> reviewer().getForEntity(
                "/api/audits/" + AUDIT + "/scorecard", String.class).getStatusCode() == HttpStatus.OK);
        for (String path : List.of("/api/audits/" + AUDIT + "/scorecard", "/api/audits/" + AUDIT + "/items/5.2.2.3/history")) {
            ResponseEntity<String> answer = reviewer().getForEntity(path, String.class);
            SignedTreeHead latest = log.store().latestHead().orElseThrow();
            assertThat(answer.getHeaders().getFirst("Ledger-Tree-Size")).as(path).isNotNull();
            assertThat(Long.parseLong(answer.getHeaders().getFirst("Ledger-Tree-Size"))).isLessThanOrEqualTo(latest.treeSize());
            assertThat(answer.getHeaders().getFirst("Ledger-Root-Hash")).hasSize(64);
        }
    }

    @Test
    void aRebuildOfEveryReadModelLeavesTheLogAndTheChainsAsTheyWere() {
        long size = log.store().size();
        for (String processor : List.of("audit-scorecards", "audit-summaries", "audit-trail", "item-history", "project-lineage")) {
            assertThat(rest.withBasicAuth("admin", "admin-pass")
                           .postForEntity("/api/admin/processors/" + processor + "/rebuild", null, String.class)
                           .getStatusCode().is2xxSuccessful()).as(processor).isTrue();
        }
        log.catchUp();
        assertThat(log.store().size()).isEqualTo(size);
        Verdict whole = StoreVerifier.verify(database, key, null);
        assertThat(whole.problems()).isEmpty();
    }

    @Test
    void documentsTheLedgerEndpointsAndTheTreeHeadHeadersInOpenApi() throws Exception {
        JsonNode docs = JSON.readTree(rest.getForObject("/v3/api-docs", String.class));
        for (String path : List.of("/api/ledger/public-key", "/api/ledger/tree-heads/latest", "/api/ledger/tree-heads",
                                   "/api/ledger/inclusion-proof", "/api/ledger/consistency-proof",
                                   "/api/audits/{id}/evidence", "/api/projects/{projectNumber}/evidence")) {
            assertThat(docs.path("paths").has(path)).as(path).isTrue();
        }
        assertThat(docs.path("paths").path("/api/audits/{id}/scorecard").path("get").path("responses").path("200")
                       .path("headers").has("Ledger-Tree-Size")).isTrue();
    }

    /** Asserts a 400 naming {@code parameter} and the rule {@code code}; returns the rule's arguments. */
    private JsonNode assertRule(String path, String parameter, String code) throws Exception {
        ResponseEntity<String> answer = reviewer().getForEntity(path, String.class);
        assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode problem = JSON.readTree(answer.getBody());
        assertThat(problem.path("errors").path(0).path("field").asText()).as(path).isEqualTo(parameter);
        assertThat(problem.path("errors").path(0).path("code").asText()).as(path).isEqualTo(code);
        assertThat(problem.path("type").asText()).startsWith("urn:certaudit:problem:");
        return problem.path("errors").path(0).path("arguments");
    }

    private TestRestTemplate reviewer() {
        return rest.withBasicAuth("reviewer", "reviewer-pass");
    }
}
