package org.certaudit.query.report;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.certaudit.audit.AuditScoring;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.Scorecard;
import org.certaudit.scheme.Subtotal;
import org.certaudit.query.ledger.TreeHead;

/**
 * Everything one report prints, as of one point: the certification body, the audit's facts and its scorecard there, the
 * standing special items, what the certification lifecycle and the ledger knew then ({@code treeHead} null when none),
 * and the digest of the audit's content (see {@link #canonicalText()}).
 */
record AuditReport(
        ReportPoint point,
        CertificationBody body,
        AuditFacts facts,
        Scorecard scorecard,
        List<AuditScoring.SpecialItem> specialItems,
        CertificationRecord certification,
        TreeHead treeHead,
        Map<String, String> evidence) {

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

    /**
     * The audit's content at the point in one stable text, one fact per line: what the report's digest is taken over,
     * everything the report prints of the audit, its technical review, certification decision and certificate included
     * (format {@code certaudit-report/2}; version 1 ended at the recommendation, so a forged decision kept the digest).
     * The same events give the same text whatever the layout, the body's configuration or the rendering library, so a
     * reader holding a report can re-issue it at its version and compare digests.
     */
    String canonicalText() {
        return canonicalText(CURRENT_FORMAT);
    }

    /** The format of {@link #canonicalText()}: 2 since the review, decision and certificate are in it. */
    static final int CURRENT_FORMAT = 2;

    /**
     * The canonical text in {@code format} 1 (up to the recommendation, as reports printed before format 2 were digested)
     * or 2 (everything the report prints).
     */
    String canonicalText(int format) {
        if (format != 1 && format != 2) {
            throw new IllegalArgumentException("no canonical report format " + format);
        }
        StringBuilder text = new StringBuilder("certaudit-report/" + format + "\n");
        var opened = facts.opened();
        line(text, "audit", point.auditId().value(), opened.type().name(), opened.schemeId(), opened.schemeVersion());
        line(text, "version", Long.toString(point.version()));
        var org = opened.organization();
        line(text, "organization", org.name(), org.registeredAddress(), org.registeredPostcode(), org.auditAddress(),
                org.auditPostcode(), org.contactName(), org.contactTitle(), org.contactPhone(), org.contactEmail());
        line(text, "basis", opened.otherSites(), opened.scope(),
                opened.criteria() == null ? "" : String.join(" / ", opened.criteria()));
        line(text, "on-site", String.valueOf(opened.onSiteFrom()), String.valueOf(opened.onSiteTo()), plain(opened.onSiteDays()));
        if (opened.onSiteFromHalfDay() != null || opened.onSiteToHalfDay() != null) {
            // Only where given, so that every report printed before half-days existed keeps its digest.
            line(text, "on-site-half-days", opened.onSiteFromHalfDay() == null ? null : opened.onSiteFromHalfDay().name(),
                    opened.onSiteToHalfDay() == null ? null : opened.onSiteToHalfDay().name());
        }
        facts.teamInOrder().forEach(member -> line(text, "member", member.code(), member.name(), member.role().name(),
                member.registrationNumber(), member.specialtyCode(), member.phone()));
        facts.pledges().values().forEach(pledge -> line(text, "pledge", pledge.memberCode(), String.valueOf(pledge.signedOn())));
        for (ItemScore item : scorecard.items()) {
            String result = item.result() == null ? "-" : item.notApplicable() ? "N/A" : plain(item.result().percent().value());
            line(text, "item", item.item().clause(), result, plain(item.earned()));
        }
        for (Subtotal part : scorecard.parts()) {
            line(text, "part", part.number(), plain(part.earned()), plain(part.maximum()), plain(part.applicableMaximum()));
        }
        specialItems.forEach(special -> line(text, "special", special.kind().name(), special.finding(), special.clause()));
        line(text, "total", scorecard.total().toPlainString(), scorecard.grade().name(), Boolean.toString(scorecard.complete()));
        facts.strengths().forEach(strength -> line(text, "strength", strength));
        facts.improvements().forEach(improvement -> line(text, "improvement", improvement));
        var recommendation = facts.recommendation();
        if (recommendation != null) {
            line(text, "recommendation", plain(recommendation.total()), recommendation.grade().name(),
                    String.valueOf(recommendation.reportDate()), recommendation.user());
        }
        if (format == 1) {
            return text.toString();
        }
        // Since format 2: the technical review, the certification decision and the certificate the report prints.
        var review = certification.review();
        if (review != null) {
            line(text, "review", review.reviewer(), String.valueOf(review.reviewedOn()), review.outcome(), review.note());
        }
        var decision = certification.decision();
        if (decision != null) {
            line(text, "decision", decision.decider(), String.valueOf(decision.decidedOn()), decision.outcome(),
                    decision.reason(), decision.total() == null ? "" : plain(decision.total()), decision.grade(),
                    Long.toString(decision.auditVersion()));
        }
        var certificate = certification.certificate();
        if (certificate != null) {
            line(text, "certificate", certificate.number(), String.valueOf(certificate.validFrom()),
                    String.valueOf(certificate.validUntil()), certificate.state());
        }
        return text.toString();
    }

    /** SHA-256 of {@link #canonicalText()} in UTF-8, lower-case hex. */
    String digest() {
        return digest(CURRENT_FORMAT);
    }

    /** SHA-256 of {@link #canonicalText(int)} in that format, in UTF-8, lower-case hex. */
    String digest(int format) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalText(format).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void line(StringBuilder text, String key, String... values) {
        text.append(key).append('\t').append(Arrays.stream(values)
                .map(value -> value == null ? "" : value.replace('\t', ' ').replace('\n', ' '))
                .collect(Collectors.joining("\t"))).append('\n');
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }
}
