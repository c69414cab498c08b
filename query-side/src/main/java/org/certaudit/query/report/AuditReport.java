package org.certaudit.query.report;

import java.util.List;
import java.util.Map;
import org.certaudit.audit.AuditScoring;
import org.certaudit.query.ledger.TreeHead;
import org.certaudit.report.AuditFacts;
import org.certaudit.report.CertificationRecord;
import org.certaudit.report.PledgeTiming;
import org.certaudit.report.ReportContent;
import org.certaudit.scheme.Scorecard;

/**
 * Everything one report prints, as of one point: the certification body, the audit's facts and its scorecard there, the
 * standing special items, what the certification lifecycle and the ledger knew then ({@code treeHead} null when none),
 * and the digest of the audit's content ({@link ReportContent}, shared with the offline verifier). {@code pledgeTiming}
 * is what a check of the report warns of (a member who worked before the day of their pledge, a pledge signed after
 * the on-site period began); the report does not print it and its digest does not cover it.
 */
record AuditReport(
        ReportPoint point,
        CertificationBody body,
        AuditFacts facts,
        Scorecard scorecard,
        List<AuditScoring.SpecialItem> specialItems,
        CertificationRecord certification,
        TreeHead treeHead,
        Map<String, String> evidence,
        PledgeTiming.Warnings pledgeTiming) {

    AuditReport {
        specialItems = List.copyOf(specialItems);
        evidence = Map.copyOf(evidence);
    }

    /**
     * The evidence recorded for an item (证据记录), or the reason it was marked not applicable; empty for none. Printed in
     * the scorecard's exports; not part of the {@link #canonicalText() digest}, which stays the report's facts.
     */
    String evidence(String clause) {
        return evidence.getOrDefault(clause, "");
    }

    /** The format of {@link #canonicalText()}: {@link ReportContent#CURRENT_FORMAT}. */
    static final int CURRENT_FORMAT = ReportContent.CURRENT_FORMAT;

    /**
     * What the digest is taken over: the audit's facts, scorecard, special items and certification record at the point,
     * without the layout-only parts (body, tree head, evidence).
     */
    ReportContent content() {
        return new ReportContent(point.auditId(), point.version(), facts, scorecard, specialItems, certification);
    }

    /** The audit's content at the point in one stable text: {@link ReportContent#canonicalText()}. */
    String canonicalText() {
        return content().canonicalText();
    }

    /** The canonical text in {@code format} 1 or 2: {@link ReportContent#canonicalText(int)}. */
    String canonicalText(int format) {
        return content().canonicalText(format);
    }

    /** SHA-256 of {@link #canonicalText()} in UTF-8, lower-case hex. */
    String digest() {
        return content().digest();
    }

    /** SHA-256 of {@link #canonicalText(int)} in that format, in UTF-8, lower-case hex. */
    String digest(int format) {
        return content().digest(format);
    }
}
