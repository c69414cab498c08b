package org.certaudit.ledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.StoredEvent;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.bundle.SignedStreamEnd;
import org.certaudit.ledger.merkle.InMemoryNodes;
import org.certaudit.ledger.merkle.MerkleTree;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.report.RecordedEvent;
import org.certaudit.report.ReportContent;
import org.certaudit.report.ReportFold;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SchemeCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --report}: a printed report's QR text checked against a bundle built here from a fixed project history (audit .1
 * opened, staffed, scored, recommended, reviewed and granted, then audit .2 opened), its payloads written as the command
 * side's ObjectMapper writes them; the digest expected is the shared-kernel fold's over the same events.
 */
class ReportCheckTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    private static final AuditId INITIAL = AuditId.of(PROJECT, 1);
    private static final AuditId SURVEILLANCE = AuditId.of(PROJECT, 2);
    private static final Instant START = Instant.parse("2021-06-05T01:00:00Z");
    /** Spring Boot's ObjectMapper as both sides store events with it: Java time as ISO-8601 text. */
    private static final ObjectMapper STORE_JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @TempDir
    Path dir;
    private final KeyPair key = Keys.generate();
    private Path publicKey;
    private List<AuditEvent> history;
    private List<String> users;
    /** The sequence of the grant, audit .1's last event. */
    private long granted;
    /** When the stored history's first event was recorded, each next one a minute later. */
    private Instant recordedFrom = START;

    @BeforeEach
    void aProjectWhoseFirstAuditWasGrantedAndWhoseSecondIsOpen() throws Exception {
        publicKey = Files.writeString(dir.resolve("public.pem"), Keys.publicKeyPem(key.getPublic()));
        history = new ArrayList<>();
        users = new ArrayList<>();
        AuditOpened opened = opened(INITIAL, AuditType.INITIAL, null, LocalDate.of(2021, 6, 5));
        add("admin", opened, new TeamMemberAssigned(INITIAL, new TeamMember("A", "李雅宁", TeamRole.LEADER, "DEMO-0001",
                "02.01.01", "010-5550-0101", "leader")));
        add("leader", new PledgeSigned(INITIAL, "A", LocalDate.of(2021, 6, 5)),
                new ItemScored(INITIAL, "5.1.1.1", Percent.of("87.50"), "制度齐全"),
                new ItemScored(INITIAL, "5.1.1.2", Percent.of(100), "记录\"完整\""),
                new ItemMarkedNotApplicable(INITIAL, "5.1.1.3", null, "不涉及"),
                new FindingsRecorded(INITIAL, List.of("规范运作"), List.of("网站建设")),
                new GradeRecommended(INITIAL, new BigDecimal("3.75"), Grade.NOT_GRADED, LocalDate.of(2021, 6, 7)));
        add("reviewer", new TechnicalReviewAccepted(INITIAL, "reviewer", LocalDate.of(2021, 6, 10), new BigDecimal("3.75"),
                Grade.NOT_GRADED, null));
        add("decider", new CertificateGranted(INITIAL, new Decision(DecisionOutcome.GRANT, "decider",
                LocalDate.of(2021, 7, 1), history.size() - 1, new BigDecimal("3.75"), Grade.NOT_GRADED, "试点"),
                new Certificate("CTS-2021-0455-2021-SE-1", opened.organization().name(), opened.scope(), opened.schemeId(),
                        Grade.NOT_GRADED, LocalDate.of(2021, 7, 1), LocalDate.of(2021, 7, 1), LocalDate.of(2024, 6, 30),
                        LocalDate.of(2022, 6, 30))));
        granted = history.size() - 1;
        add("admin", opened(SURVEILLANCE, AuditType.SURVEILLANCE, INITIAL, LocalDate.of(2022, 6, 6)));
        add("leader", new ItemScored(SURVEILLANCE, "5.1.1.1", Percent.of(90), "复查"));
    }

    @Nested
    class AReportThatFollowsFromTheBundle {

        @Test
        void isOkNamingTheAuditVersionTotalGradeDecisionAndCertificate() throws Exception {
            ReportContent content = fold(INITIAL, granted);

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, content.digest(), null));

            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK\n").contains(history.size() + " of " + history.size() + " events proven")
                    .contains("report of audit 0455-2021-SE.1 at version " + granted + ": digest " + content.digest()
                            + " is its certaudit-report/2 content folded from the bundle's events: 新疆隆威家具有限责任公司, total "
                            + content.scorecard().total().toPlainString() + ", grade " + content.scorecard().grade().chineseName()
                            + " (" + content.scorecard().grade().name() + "), recommended, decision 批准认证 2021-07-01, "
                            + "certificate CTS-2021-0455-2021-SE-1 有效")
                    .contains("the report's last event (project 0455-2021-SE, sequence " + granted);
        }

        /**
         * ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2: a member of the surveillance audit who scored on its first on-site day
         * and then corrected their pledge to the day after; notes, in English and Chinese, and the report stays OK.
         */
        @Test
        void notesAMemberWhoWorkedBeforeTheDayOfTheirPledgeAndAPledgeSignedAfterTheOnSitePeriodBegan() throws Exception {
            int first = history.size();
            add("admin", new TeamMemberAssigned(SURVEILLANCE, new TeamMember("B", "魏子航", TeamRole.MEMBER, "DEMO-0102",
                    "02.01.01", "010-5550-0202", "wei.zihang")));
            add("wei.zihang", new PledgeSigned(SURVEILLANCE, "B", LocalDate.of(2022, 6, 6)),
                    new ItemScored(SURVEILLANCE, "5.1.1.2", Percent.of(90), "复查"),
                    new PledgeDateCorrected(SURVEILLANCE, "B", LocalDate.of(2022, 6, 6), LocalDate.of(2022, 6, 7), "落款为 7 日"));
            long corrected = history.size() - 1;
            // The surveillance's own events recorded from 09:00 on its first on-site day, 6 June 2022, in Shanghai.
            recordedFrom = Instant.parse("2022-06-06T01:00:00Z").minusSeconds(60L * first);
            ReportContent content = fold(SURVEILLANCE, corrected);
            EvidenceBundle bundle = bundle(stored(), history.size(), 0, "project");

            VerifierRun run = check(bundle, qr(SURVEILLANCE, corrected, content.digest(), null));
            VerifierRun chinese = check(bundle, qr(SURVEILLANCE, corrected, content.digest(), null), "--lang", "zh");
            VerifierRun initial = check(bundle, qr(INITIAL, granted, fold(INITIAL, granted).digest(), null));

            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK\n").contains("  note: member B 魏子航 signed the impartiality and "
                    + "confidentiality pledge on 2022-06-07, but recorded 1 score(s), finding(s) or special item(s) before "
                    + "that day, the first on 2022-06-06: the assessment of item 5.1.1.2 (ISO/IEC 17021-1 5.2, ISO/IEC 17065 "
                    + "4.2: team members commit to impartiality before they do the work); a warning, the report still "
                    + "follows from the record\n",
                    "  note: member B 魏子航 signed the impartiality and confidentiality pledge on 2022-06-07, after the "
                    + "on-site period began on 2022-06-06 (ISO/IEC 17021-1 5.2");
            assertThat(chinese.status()).isZero();
            assertThat(chinese.out()).contains("  注：成员 B 魏子航 的公正性和保密承诺签署于 2022-06-07，但其在此日之前已记录 1 条"
                    + "评分、审查发现或特别项，最早一条是 2022-06-06 记录的条款 5.1.1.2 的评价（ISO/IEC 17021-1 5.2、",
                    "  注：成员 B 魏子航 的公正性和保密承诺签署于 2022-06-07，晚于现场审查开始的 2022-06-06（");
            assertThat(initial.out()).as("the initial audit's leader pledged on its first on-site day, before scoring")
                    .doesNotContain("impartiality");
        }

        @Test
        void saysWhenTheCertificateChangedAfterTheReportsVersion() throws Exception {
            ReportContent content = fold(INITIAL, granted);
            VerifierRun before = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, content.digest(), null));
            add("decider", new CertificateSuspended(SURVEILLANCE, new Decision(DecisionOutcome.SUSPEND, "decider",
                    LocalDate.of(2022, 6, 20), history.size() - 1, new BigDecimal("3.75"), Grade.NOT_GRADED, "整改"),
                    "CTS-2021-0455-2021-SE-1", LocalDate.of(2022, 9, 30), LocalDate.of(2023, 6, 30)));

            VerifierRun after = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, content.digest(), null));

            assertThat(before.out()).doesNotContain("changed after the report's version");
            assertThat(after.status()).as(after.out()).isZero();
            assertThat(after.out()).contains("note: certificate CTS-2021-0455-2021-SE-1 changed after the report's version: "
                    + "its latest change in the bundle is SUSPENDED (暂停) from 2022-06-20, decided in audit 0455-2021-SE.2; "
                    + "the report shows it as it stood at version " + granted);
        }

        @Test
        void isOkForTheReportOfACancelledAuditReadingTheCancellationFromTheBundle() throws Exception {
            add("admin", new org.certaudit.audit.AuditCancelled(SURVEILLANCE, "admin", "客户要求改期"));
            long cancelled = history.size() - 1;
            ReportContent content = fold(SURVEILLANCE, cancelled);

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(SURVEILLANCE, cancelled, content.digest(), null));

            assertThat(content.canonicalText()).endsWith("\ncancelled\tadmin\t客户要求改期\n");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK\n").contains("report of audit 0455-2021-SE.2 at version " + cancelled
                    + ": digest " + content.digest() + " is its certaudit-report/2 content")
                    .contains(", CANCELLED by admin at ", " (客户要求改期): it recommends nothing");
        }

        @Test
        void isOkForTheReportOfARescheduledAuditReadingTheReschedulingFromTheBundleAndNotForTheUnrescheduledDigest()
                throws Exception {
            ReportContent unrescheduled = fold(SURVEILLANCE, history.size() - 1);
            OnSitePeriod opened = OnSitePeriod.of((AuditOpened) history.get((int) granted + 1));
            OnSitePeriod moved = new OnSitePeriod(LocalDate.of(2022, 6, 13), LocalDate.of(2022, 6, 14),
                    new BigDecimal("1.5"), null, HalfDay.MORNING);
            add("admin", new OnSiteAuditRescheduled(SURVEILLANCE, opened, moved, "admin", "受审查方申请改期"));
            long rescheduled = history.size() - 1;
            ReportContent content = fold(SURVEILLANCE, rescheduled);

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"),
                    qr(SURVEILLANCE, rescheduled, content.digest(), null));
            VerifierRun stale = check(bundle(stored(), history.size(), 0, "project"),
                    qr(SURVEILLANCE, rescheduled, unrescheduled.digest(), null));

            assertThat(content.digest()).isNotEqualTo(unrescheduled.digest());
            assertThat(content.canonicalText()).contains("\non-site\t2022-06-13\t2022-06-14\t1.5\n",
                    "\nrescheduled\t2022-06-06\t2022-06-08\t3\t\t\t2022-06-13\t2022-06-14\t1.5\t\tMORNING\tadmin\t受审查方申请改期\n");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK\n").contains("report of audit 0455-2021-SE.2 at version " + rescheduled
                    + ": digest " + content.digest() + " is its certaudit-report/2 content");
            assertThat(stale.status()).isEqualTo(1);
            assertThat(stale.out()).startsWith("FAILED: the report's digest differs");
        }

        @Test
        void saysWhenTheAuditWasCancelledAfterTheReportsVersionAndTakesNoFormatOneDigestOfACancelledAudit() throws Exception {
            long scored = history.size() - 1;
            ReportContent before = fold(SURVEILLANCE, scored);
            add("admin", new org.certaudit.audit.AuditCancelled(SURVEILLANCE, "admin", "客户要求改期"));
            long cancelled = history.size() - 1;

            VerifierRun earlier = check(bundle(stored(), history.size(), 0, "project"),
                    qr(SURVEILLANCE, scored, before.digest(), null));
            VerifierRun formatOne = check(bundle(stored(), history.size(), 0, "project"),
                    qr(SURVEILLANCE, cancelled, fold(SURVEILLANCE, cancelled).digest(1), null));

            assertThat(earlier.status()).as(earlier.out()).isZero();
            assertThat(earlier.out()).contains("note: audit 0455-2021-SE.2 was cancelled after the report's version, at ",
                    " by admin (客户要求改期), project 0455-2021-SE, sequence " + cancelled);
            assertThat(formatOne.status()).as(formatOne.out()).isEqualTo(1);
            assertThat(formatOne.out()).startsWith("FAILED: the report's digest differs");
        }

        @Test
        void readsTheVerifyAddressAPhoneShowsAsWellAsTheCertauditText() throws Exception {
            String digest = fold(INITIAL, granted).digest();
            String address = "https://certaudit.example.org/console/verify/report?audit=0455-2021-SE.1&version=" + granted
                    + "&sha256=" + digest.toUpperCase() + "&tree=none";

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), address);

            assertThat(run.status()).as(run.out()).isZero();
            assertThat(run.out()).contains("digest " + digest + " is its certaudit-report/2 content")
                    .contains("note: the report names no tree head");
        }

        @Test
        void isOkFromAnAuditBundleThatReachesTheReportsVersion() throws Exception {
            List<StoredEvent> upToTheGrant = stored().subList(0, (int) granted + 1);

            VerifierRun run = check(bundle(upToTheGrant, history.size(), 0, "audit"), qr(INITIAL, granted, fold(INITIAL, granted).digest(), null));

            assertThat(run.status()).as(run.out()).isZero();
            assertThat(run.out()).contains("report of audit 0455-2021-SE.1 at version " + granted);
        }

        @Test
        void recognisesAFormatOneReportAndSaysWhatItsDigestDoesNotCover() throws Exception {
            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, fold(INITIAL, granted).digest(1), null));

            assertThat(run.status()).as(run.out()).isZero();
            assertThat(run.out()).contains("is its certaudit-report/1 content")
                    .contains("note: the report is of format 1 (printed before the digest covered the technical review");
        }

        @Test
        void saysThatThePrintedTreeHeadIsTheBundlesOrThatTheBundlesExtendsIt() throws Exception {
            String digest = fold(INITIAL, granted).digest();
            int size = history.size();
            String root = Canonical.hex(tree(stored()).root(size));
            String earlierRoot = Canonical.hex(tree(stored()).root(granted + 1));

            VerifierRun same = check(bundle(stored(), size, 0, "project"), qr(INITIAL, granted, digest, size + ":" + root));
            VerifierRun earlier = check(bundle(stored(), size, 0, "project", granted + 1),
                    qr(INITIAL, granted, digest, (granted + 1) + ":" + earlierRoot));
            VerifierRun notCoveringYet = check(bundle(stored(), size, 0, "project", granted),
                    qr(INITIAL, granted, digest, granted + ":" + Canonical.hex(tree(stored()).root(granted))) + "&covered=no");

            assertThat(same.status()).as(same.out()).isZero();
            assertThat(same.out()).contains("the printed tree head (size " + size + ") covers the report's last event (leaf "
                    + granted + ")", "the printed tree head is the bundle's: same size and root");
            assertThat(earlier.status()).as(earlier.out()).isZero();
            assertThat(earlier.out()).contains("the bundle's tree head extends the printed one (size " + (granted + 1));
            assertThat(notCoveringYet.status()).as(notCoveringYet.out()).isZero();
            assertThat(notCoveringYet.out()).contains("did not cover the report's last event yet (leaf " + granted
                    + "), as the report says (covered=no)");
        }
    }

    @Nested
    class AReportThatDoesNotFollow {

        @Test
        void failsWhenItsDigestIsOfAnotherScore() throws Exception {
            // A report printed with a better score for 5.1.1.1 and the digest of that score: the bundle's events say 87.50.
            List<AuditEvent> forged = new ArrayList<>(history);
            forged.set(3, new ItemScored(INITIAL, "5.1.1.1", Percent.of(100), "制度齐全"));
            String forgedDigest = ReportFold.at(INITIAL, granted, recorded(forged), SchemeCatalog.shipped()).orElseThrow().digest();
            ReportContent content = fold(INITIAL, granted);

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, forgedDigest, null));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: the report's digest differs: audit 0455-2021-SE.1 at version " + granted
                    + " folded from the bundle's events gives " + content.digest() + " (新疆隆威家具有限责任公司, total "
                    + content.scorecard().total().toPlainString() + ", ")
                    .contains("the report says " + forgedDigest + "; the printed report is not what the record says");
        }

        @Test
        void failsOnADigestOfNoReport() throws Exception {
            String wrong = "0".repeat(64);

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, wrong, null));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: the report's digest differs").contains("the report says " + wrong);
        }

        @Test
        void isNotCheckedWhenTheBundlesScoreWasChangedAndTheBundleFails() throws Exception {
            EvidenceBundle bundle = bundle(stored(), history.size(), 0, "project");
            List<BundleEvent> events = new ArrayList<>(bundle.events());
            BundleEvent e = events.get(3);
            events.set(3, new BundleEvent(e.position(), e.leafIndex(), e.stream(), e.aggregateId(), e.aggregateType(), e.seq(),
                    e.eventId(), e.timestamp(), e.appendedAt(), e.payloadType(), e.payloadRevision(),
                    e.payload().replace("87.5}", "100}"), e.metaData(), e.prevHash(), e.hash(), e.inclusionProof()));
            EvidenceBundle tampered = new EvidenceBundle(bundle.format(), bundle.subject(), bundle.exportedAt(),
                    bundle.publicKey(), bundle.treeHead(), events, bundle.pending(), bundle.consistency());
            assertThat(e.payload()).contains("\"percent\":{\"value\":87.5}");

            VerifierRun run = check(tampered, qr(INITIAL, granted, fold(INITIAL, granted).digest(), null));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: project 0455-2021-SE, sequence 3, position 4: its content does not match")
                    .contains("note: the report (audit 0455-2021-SE.1 at version " + granted + ") was not checked: the "
                            + "bundle's own checks failed");
        }

        @Test
        void failsOnAVersionThatIsNotItsAuditsLastEventThere() throws Exception {
            long another = history.size() - 1;

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, another, fold(INITIAL, granted).digest(), null));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: the report is of audit 0455-2021-SE.1 at version " + another
                    + ", but the audit has no event at sequence " + another + " (its last event up to there is sequence "
                    + granted + ")");
        }

        @Test
        void failsOnAPrintedTreeHeadTheBundleCannotProve() throws Exception {
            // Each printed head is a claim about the log: one the bundle has no proof for is not taken on trust.
            String digest = fold(INITIAL, granted).digest();
            int size = history.size();
            String earlierRoot = Canonical.hex(tree(stored()).root(granted + 1));

            VerifierRun withoutProof = check(bundle(stored(), size, 0, "project"),
                    qr(INITIAL, granted, digest, (granted + 1) + ":" + earlierRoot));
            VerifierRun later = check(bundle(stored(), size, 0, "project"),
                    qr(INITIAL, granted, digest, (size + 300) + ":" + "cd".repeat(32)));

            assertThat(withoutProof.status()).as(withoutProof.out()).isEqualTo(1);
            assertThat(withoutProof.out()).startsWith("FAILED: the bundle has no consistency proof from the printed tree "
                    + "head's size " + (granted + 1)).contains("consistencyFrom=" + (granted + 1));
            assertThat(later.status()).as(later.out()).isEqualTo(1);
            assertThat(later.out()).startsWith("FAILED: the printed tree head (size " + (size + 300) + ") is later than the "
                    + "bundle's (size " + size + "), so the bundle cannot prove it");
        }

        @Test
        void failsOnAPrintedTreeHeadOfTheBundlesSizeWithAnotherRoot() throws Exception {
            int size = history.size();

            VerifierRun run = check(bundle(stored(), size, 0, "project"), qr(INITIAL, granted, fold(INITIAL, granted).digest(),
                    size + ":" + "ab".repeat(32)));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: the printed tree head (size " + size + ", root " + "ab".repeat(32)
                    + ") and the bundle's have the same size and different roots");
        }
    }

    @Nested
    class ABundleThatCannotShowTheReport {

        @Test
        void saysThatTheReportsLastEventsArePendingWhenTheTreeHeadDoesNotHoldThemYet() throws Exception {
            long last = history.size() - 1;
            List<StoredEvent> underTheHead = stored().subList(0, (int) granted);

            VerifierRun run = check(bundle(underTheHead, granted, history.size() - granted, "project"),
                    qr(INITIAL, granted, fold(INITIAL, granted).digest(), null));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: the report's version " + granted + " is beyond the bundle's events, "
                    + "which end at sequence " + (granted - 1) + " of project 0455-2021-SE; " + (last - granted + 1)
                    + " later event(s) were stored after the bundle's tree head and are pending");
        }

        @Test
        void asksForTheProjectBundleWhenAnAuditBundleEndsBeforeTheReport() throws Exception {
            List<StoredEvent> upToTheGrant = stored().subList(0, (int) granted + 1);
            long later = history.size() - 1;

            VerifierRun run = check(bundle(upToTheGrant, history.size(), 0, "audit"), qr(SURVEILLANCE, later, "1".repeat(64), null));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).contains("an audit bundle ends at its audit's last event; export /api/projects/0455-2021-SE/evidence");
        }

        @Test
        void refusesAPayloadTypeThatIsNoAuditEventWithoutInstantiatingIt() throws Exception {
            List<StoredEvent> events = new ArrayList<>(stored());
            StoredEvent scored = events.get(3);
            // A hash chain and a log made for the planted event: only the payload type can refuse it.
            events.set(3, new StoredEvent(scored.aggregateId(), scored.aggregateType(), scored.seq(), scored.eventId(),
                    scored.timestamp(), scored.appendedAt(), Tripwire.class.getName(), null, "{}", scored.metaData(), null));
            events = rechained(events);

            VerifierRun run = check(bundle(events, events, history.size(), 0, "project"),
                    qr(INITIAL, granted, fold(INITIAL, granted).digest(), null));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: the report cannot be folded from the bundle: project 0455-2021-SE, "
                    + "sequence 3, position 4: its payload type '" + Tripwire.class.getName() + "' is not an audit event")
                    .contains("refused, not instantiated");
            assertThat(TRIPWIRE_TOUCHED).as("the planted class was never initialised").isFalse();
        }

        @Test
        void refusesAQrTextWithoutItsDigestAsInputItCannotRead() throws Exception {
            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), "certaudit:report?audit=0455-2021-SE.1&version=3");

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("the report text has no sha256=");
        }
    }

    /** Set when {@link Tripwire} is initialised or constructed; kept outside it, so that reading it initialises nothing. */
    static final AtomicBoolean TRIPWIRE_TOUCHED = new AtomicBoolean();

    /** A class the bundle names as its payload type; Jackson would initialise it and run its constructor. */
    public static final class Tripwire {
        static {
            TRIPWIRE_TOUCHED.set(true);
        }

        public Tripwire() {
            TRIPWIRE_TOUCHED.set(true);
        }
    }

    private void add(String user, AuditEvent... events) {
        for (AuditEvent event : events) {
            history.add(event);
            users.add(user);
        }
    }

    private static AuditOpened opened(AuditId auditId, AuditType type, AuditId predecessor, LocalDate from) {
        return new AuditOpened(auditId, PROJECT, type, predecessor, "CTS-ISC-JSGF-06", "1",
                new Organization("新疆隆威家具有限责任公司", "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100",
                        "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100", "赵明远", "经理", "010-5550-0100",
                        "contact@example.com"),
                "无", "金属办公家具的售后服务成熟度", List.of("CTS ISC-JSGF-06"), from, from.plusDays(2),
                new BigDecimal("3.0"));
    }

    private List<RecordedEvent> recorded(List<AuditEvent> events) {
        List<RecordedEvent> recorded = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            recorded.add(new RecordedEvent(i, events.get(i), users.get(i), START.plusSeconds(60L * i)));
        }
        return recorded;
    }

    private ReportContent fold(AuditId auditId, long version) {
        return ReportFold.at(auditId, version, recorded(history), SchemeCatalog.shipped()).orElseThrow();
    }

    /** The history as the store holds it: payload and metadata JSON, chained. */
    private List<StoredEvent> stored() throws Exception {
        List<StoredEvent> stored = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < history.size(); i++) {
            AuditEvent event = history.get(i);
            StoredEvent next = new StoredEvent(PROJECT.value(), "Project", (long) i, "event-" + i,
                    recordedFrom.plusSeconds(60L * i).toEpochMilli(), recordedFrom.plusSeconds(60L * i).toEpochMilli() + 5,
                    event.getClass().getName(), null, STORE_JSON.writeValueAsString(event),
                    "{\"user\":\"" + users.get(i) + "\",\"requestId\":\"req-" + i + "\"}", previous);
            stored.add(next);
            previous = next.hash();
        }
        return stored;
    }

    private static List<StoredEvent> rechained(List<StoredEvent> events) {
        List<StoredEvent> chained = new ArrayList<>();
        String previous = null;
        for (StoredEvent e : events) {
            StoredEvent next = new StoredEvent(e.aggregateId(), e.aggregateType(), e.seq(), e.eventId(), e.timestamp(),
                    e.appendedAt(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData(), previous);
            chained.add(next);
            previous = next.hash();
        }
        return chained;
    }

    /** Leaf i is sequence i at position i + 1. */
    private static MerkleTree tree(List<StoredEvent> events) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            leaves.add(LogLeaf.leafHash(i + 1, events.get(i).hash()));
        }
        return new MerkleTree(new InMemoryNodes(leaves));
    }

    /** The bundle of {@code events}, the first of the stored history, under a head of its first {@code size} leaves. */
    private EvidenceBundle bundle(List<StoredEvent> events, long size, long pending, String kind, long... consistencyFrom)
            throws Exception {
        return bundle(stored(), events, size, pending, kind, consistencyFrom);
    }

    /**
     * The bundle of {@code events}, the first of {@code log}, under a head of the log's first {@code size} leaves, with the
     * stream end the query side signs, naming its last event.
     */
    private EvidenceBundle bundle(List<StoredEvent> log, List<StoredEvent> events, long size, long pending, String kind,
                                  long... consistencyFrom) {
        MerkleTree tree = tree(log);
        SignedTreeHead head = SignedTreeHead.sign(size, tree.root(size), 1_700_000_000_000L + size, key.getPrivate(),
                key.getPublic());
        List<BundleEvent> bundled = new ArrayList<>();
        for (StoredEvent e : events) {
            long leaf = e.seq();
            bundled.add(new BundleEvent(leaf + 1, leaf, EventDocuments.streamKey(PROJECT.value(), e.seq()), e.aggregateId(),
                    e.aggregateType(), e.seq(), e.eventId(), e.timestamp(), e.appendedAt(), e.payloadType(),
                    e.payloadRevision(), e.payload(), e.metaData(), e.prevHash(), e.hash(),
                    tree.inclusionProof(leaf, size).stream().map(Canonical::hex).toList()));
        }
        List<EvidenceBundle.ConsistencyProof> proofs = new ArrayList<>();
        for (long from : consistencyFrom) {
            proofs.add(new EvidenceBundle.ConsistencyProof(from, tree.consistencyProof(from, size).stream()
                    .map(Canonical::hex).toList()));
        }
        String id = kind.equals("project") ? PROJECT.value() : INITIAL.value();
        return withEnd(new EvidenceBundle(EvidenceBundle.FORMAT, new EvidenceBundle.Subject(kind, id, PROJECT.value()),
                "2026-11-29T09:00:00Z", Keys.publicKeyPem(key.getPublic()), head, bundled, (int) pending, proofs));
    }

    private static String qr(AuditId auditId, long version, String digest, String tree) {
        return "certaudit:report?audit=" + auditId + "&version=" + version + "&sha256=" + digest
                + "&tree=" + (tree == null ? "none" : tree);
    }

    @Test
    void needsTheKeyTheBodyPublishedNotTheOneTheBundleCarries() throws Exception {
        Path file = Files.writeString(dir.resolve("bundle.json"),
                Canonical.mapper().writeValueAsString(bundle(stored(), history.size(), 0, "project")));

        VerifierRun run = VerifierRun.of(file.toString(), "--report", qr(INITIAL, granted, fold(INITIAL, granted).digest(), null));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--report needs --key");
    }

    private VerifierRun check(EvidenceBundle bundle, String report, String... more) throws Exception {
        Path file = Files.writeString(dir.resolve("bundle-" + System.nanoTime() + ".json"),
                Canonical.mapper().writeValueAsString(bundle));
        List<String> args = new ArrayList<>(List.of(file.toString(), "--key", publicKey.toString()));
        if (report != null) {
            args.addAll(List.of("--report", report));
        }
        args.addAll(List.of(more));
        return VerifierRun.of(args.toArray(String[]::new));
    }

    /** {@code bundle} with the stream end the query side signs at export: its last event under its tree head. */
    private EvidenceBundle withEnd(EvidenceBundle bundle) {
        return bundle.withStreamEnd(SignedStreamEnd.sign(bundle.subject(), bundle.treeHead().treeSize(),
                bundle.treeHead().rootHash(), bundle.events().isEmpty() ? null : bundle.events().get(bundle.events().size() - 1),
                bundle.pending(),
                1_700_000_000_100L, key.getPrivate(), key.getPublic()));
    }

    /** The report check and the audit's stage in Chinese: the same digests, versions and numbers, the words in Chinese. */
    @Nested
    class InChinese {

        @Test
        void isOkNamingTheAuditVersionTotalGradeDecisionAndCertificate() throws Exception {
            ReportContent content = fold(INITIAL, granted);
            int size = history.size();
            String root = Canonical.hex(tree(stored()).root(size));

            VerifierRun run = check(bundle(stored(), size, 0, "project"),
                    qr(INITIAL, granted, content.digest(), size + ":" + root), "--lang", "zh");

            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK\n  末尾：审查 0455-2021-SE.2 进行中：尚未推荐等级\n")
                    .contains("  已验证：审查 0455-2021-SE.1 版本 " + granted + " 的报告：摘要 " + content.digest() + " 是由证据包"
                            + "的事件归纳出的 certaudit-report/2 内容：新疆隆威家具有限责任公司，总分 "
                            + content.scorecard().total().toPlainString() + "，等级 不予定级，已推荐，认证决定 批准认证 "
                            + "2021-07-01，证书 CTS-2021-0455-2021-SE-1 有效\n")
                    .contains("  已验证：报告的最后一个事件（项目 0455-2021-SE 序号 " + granted + "（位置 " + (granted + 1)
                            + "），叶节点 " + granted + "）已被证据包的树头（大小 " + size + "，签于 ")
                    .contains("  已验证：打印的树头（大小 " + size + "）涵盖报告的最后一个事件（叶节点 " + granted + "）\n")
                    .contains("  已验证：打印的树头即证据包的树头：大小和根都相同\n")
                    .doesNotContain("report of").doesNotContain("verified");
        }

        @Test
        void failsWhenItsDigestIsOfAnotherScoreNamingBothDigests() throws Exception {
            List<AuditEvent> forged = new ArrayList<>(history);
            forged.set(3, new ItemScored(INITIAL, "5.1.1.1", Percent.of(100), "制度齐全"));
            String forgedDigest = ReportFold.at(INITIAL, granted, recorded(forged), SchemeCatalog.shipped()).orElseThrow().digest();
            ReportContent content = fold(INITIAL, granted);

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, forgedDigest, null),
                    "--lang", "zh");

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: 报告的摘要不符：由证据包的事件归纳出的审查 0455-2021-SE.1 版本 " + granted
                    + " 的摘要为 " + content.digest() + "（新疆隆威家具有限责任公司，总分 " + content.scorecard().total()
                    .toPlainString() + "，等级 不予定级，已推荐，认证决定 批准认证 2021-07-01，证书 CTS-2021-0455-2021-SE-1 有效），"
                    + "报告上为 " + forgedDigest + "；打印的报告与记录不符\n");
        }

        @Test
        void saysWhenTheCertificateChangedAfterTheReportsVersion() throws Exception {
            ReportContent content = fold(INITIAL, granted);
            add("decider", new CertificateSuspended(SURVEILLANCE, new Decision(DecisionOutcome.SUSPEND, "decider",
                    LocalDate.of(2022, 6, 20), history.size() - 1, new BigDecimal("3.75"), Grade.NOT_GRADED, "整改"),
                    "CTS-2021-0455-2021-SE-1", LocalDate.of(2022, 9, 30), LocalDate.of(2023, 6, 30)));

            VerifierRun run = check(bundle(stored(), history.size(), 0, "project"), qr(INITIAL, granted, content.digest(), null),
                    "--lang", "zh");

            assertThat(run.status()).as(run.out()).isZero();
            assertThat(run.out()).contains("  注：证书 CTS-2021-0455-2021-SE-1 在报告的版本之后有变更：证据包中最近一次变更为暂停，"
                    + "自 2022-06-20 起，由审查 0455-2021-SE.2 决定；报告显示的是其在版本 " + granted + " 时的状态\n")
                    .contains("  注：报告未注明树头（tree=none 或未给出）：打印时日志尚无树头\n");
        }

        @Test
        void saysAtTheEndWhetherTheAuditIsDecidedReviewedOrOnlyRecommended() throws Exception {
            List<StoredEvent> stored = stored();
            EvidenceBundle decided = bundle(stored.subList(0, (int) granted + 1), history.size(), 0, "audit");
            EvidenceBundle reviewed = bundle(stored.subList(0, (int) granted), history.size(), 0, "audit");
            EvidenceBundle recommended = bundle(stored.subList(0, (int) granted - 1), history.size(), 0, "audit");

            assertThat(check(decided, null, "--lang", "zh").out()).startsWith("OK\n  末尾：审查 0455-2021-SE.1 已作出认证决定："
                    + "批准认证，决定日期 2021-07-01，决定人 decider，证书 CTS-2021-0455-2021-SE-1 有效，有效期 2021-07-01 至 "
                    + "2024-06-30\n  末尾：最后一个事件为序号 " + granted + "，审查 0455-2021-SE.1 的 CertificateGranted（批准认证并"
                    + "颁发证书），记录于 " + START.plusSeconds(60L * granted) + "\n");
            assertThat(check(reviewed, null, "--lang", "zh").out()).contains("  末尾：审查 0455-2021-SE.1 已技术评审：同意推荐，"
                    + "评审日期 2021-06-10；尚无认证决定\n");
            assertThat(check(recommended, null, "--lang", "zh").out()).contains("  末尾：审查 0455-2021-SE.1 已推荐：等级 "
                    + "不予定级，总分 3.75，报告日期 2021-06-07；尚未技术评审\n");
        }

        @Test
        void isNotCheckedWhenTheBundleFailsAndSaysWhyOfAMalformedReportText() throws Exception {
            EvidenceBundle bundle = bundle(stored(), history.size(), 0, "project");
            String digest = fold(INITIAL, granted).digest();
            Path file = Files.writeString(dir.resolve("forged.json"), Canonical.mapper().writeValueAsString(
                    new EvidenceBundle(bundle.format(), bundle.subject(), bundle.exportedAt(), bundle.publicKey(),
                            bundle.treeHead(), bundle.events().subList(1, bundle.events().size()), 0, List.of(),
                            bundle.streamEnd())));

            VerifierRun failed = VerifierRun.of(file.toString(), "--key", publicKey.toString(), "--report",
                    qr(INITIAL, granted, digest, null), "--lang", "zh");
            VerifierRun malformed = VerifierRun.of(file.toString(), "--key", publicKey.toString(), "--report",
                    "certaudit:report?audit=0455-2021-SE.1&version=seven&sha256=" + digest, "--lang", "zh");

            assertThat(failed.status()).isEqualTo(1);
            assertThat(failed.out()).startsWith("FAILED: 项目 0455-2021-SE：项目 0455-2021-SE 序号 1（位置 2）之前缺少序号 0\n")
                    .contains("  注：未检查报告（审查 0455-2021-SE.1 版本 " + granted + "）：证据包本身的检查未通过\n");
            assertThat(malformed.status()).isEqualTo(2);
            assertThat(malformed.err()).startsWith("ledger-verifier: 报告文字中的 version 须为整数，实为“seven”\n用法：");
        }
    }

    /** The report's certificate as the report prints it, and the audit's stage at the bundle's end. */
    @Nested
    class WhatTheVerdictShowsOfTheAudit {

        @Test
        void printsTheCertificateExpiredAsTheReportDoesWhenItsLastValidDayHadPassedWhenTheLastEventWasRecorded()
                throws Exception {
            // Recorded long after the business dates, as a store seeded later is: the grant at 2024-06-30T16:30Z, which is
            // 2024-07-01 00:30 in Asia/Shanghai (past the last valid day, 2024-06-30) and still 2024-06-30 in UTC.
            recordedFrom = Instant.parse("2024-06-30T16:30:00Z").minusSeconds(60L * granted);
            String digest = fold(INITIAL, granted).digest();
            EvidenceBundle bundle = bundle(stored(), history.size(), 0, "project");

            VerifierRun shanghai = check(bundle, qr(INITIAL, granted, digest, null));
            VerifierRun utc = check(bundle, qr(INITIAL, granted, digest, null), "--time-zone", "UTC");
            VerifierRun atTheEnd = check(bundle(stored().subList(0, (int) granted + 1), history.size(), 0, "audit"), null);

            assertThat(shanghai.status()).as(shanghai.out()).isZero();
            assertThat(shanghai.out()).contains("certificate CTS-2021-0455-2021-SE-1 已过期（2024 年 07 月 01 日 起）\n")
                    .doesNotContain("CTS-2021-0455-2021-SE-1 有效");
            assertThat(utc.out()).contains("certificate CTS-2021-0455-2021-SE-1 有效\n");
            assertThat(atTheEnd.out()).contains("at the end: audit 0455-2021-SE.1 is DECIDED: 批准认证 on 2021-07-01 by "
                    + "decider, certificate CTS-2021-0455-2021-SE-1 已过期（2024 年 07 月 01 日 起）, valid 2021-07-01 to "
                    + "2024-06-30\n");
        }

        @Test
        void saysAtTheEndWhetherTheAuditIsDecidedReviewedOrOnlyRecommended() throws Exception {
            List<StoredEvent> stored = stored();
            EvidenceBundle decided = bundle(stored.subList(0, (int) granted + 1), history.size(), 0, "audit");
            EvidenceBundle reviewed = bundle(stored.subList(0, (int) granted), history.size(), 0, "audit");
            EvidenceBundle recommended = bundle(stored.subList(0, (int) granted - 1), history.size(), 0, "audit");
            EvidenceBundle project = bundle(stored, history.size(), 0, "project");

            assertThat(check(decided, null).out()).startsWith("OK\n  at the end: audit 0455-2021-SE.1 is DECIDED: 批准认证 "
                    + "on 2021-07-01 by decider, certificate CTS-2021-0455-2021-SE-1 有效, valid 2021-07-01 to 2024-06-30\n"
                    + "  at the end: the last event is sequence " + granted + ", CertificateGranted of audit 0455-2021-SE.1, "
                    + "recorded " + START.plusSeconds(60L * granted) + "\n");
            assertThat(check(reviewed, null).out()).contains("at the end: audit 0455-2021-SE.1 is TECHNICALLY REVIEWED: "
                    + "同意推荐 on 2021-06-10; no certification decision yet\n");
            assertThat(check(recommended, null).out()).contains("at the end: audit 0455-2021-SE.1 is RECOMMENDED: grade "
                    + Grade.NOT_GRADED.chineseName() + " (NOT_GRADED), total 3.75, report date 2021-06-07; not "
                    + "technically reviewed yet\n");
            assertThat(check(project, null).out()).contains("at the end: audit 0455-2021-SE.2 is IN PROGRESS: no grade "
                    + "recommended\n").contains("the last event is sequence " + (history.size() - 1) + ", ItemScored of "
                    + "audit 0455-2021-SE.2");
        }

        @Test
        void failsAnAuditBundleWhoseReviewAndDecisionWereCutOffTheEnd() throws Exception {
            EvidenceBundle whole = bundle(stored().subList(0, (int) granted + 1), history.size(), 0, "audit");
            EvidenceBundle cut = new EvidenceBundle(whole.format(), whole.subject(), whole.exportedAt(), whole.publicKey(),
                    whole.treeHead(), whole.events().subList(0, (int) granted - 1), 0, List.of(), whole.streamEnd());

            VerifierRun run = check(cut, null);

            assertThat(run.status()).as(run.out()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: events at the end are missing: the log signed that audit "
                    + "0455-2021-SE.1 runs to sequence " + granted + " of project 0455-2021-SE under tree head of size "
                    + history.size()).contains("but the bundle ends at sequence " + (granted - 2) + ": 2 events missing, "
                    + "from sequence " + (granted - 1)).doesNotContain("at the end:");
        }
    }

}
