package org.certaudit.report;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.Scorecard;
import org.certaudit.scheme.Subtotal;

/**
 * What a printed report's content digest is taken over: an audit's facts and scorecard at one version, its standing
 * special items, and its technical review, certification decision and certificate then. The one implementation of the
 * report's canonical text (formats 1 and 2), used by the query side that prints the report and by the offline verifier
 * that checks it against an evidence bundle.
 *
 * <p>It depends on nothing but the events (their payloads, and the {@code user} metadata of the recommendation, see
 * {@link AuditFold}) and the scheme catalogue the audit pinned: no clock, no time zone, no configuration. What the report
 * prints beyond it (people's display names, the certification body, a certificate printed 已过期 because its last day
 * had passed in the body's zone when the report's last event was recorded) is layout and not digested.
 *
 * @param version        the audit's version: the project-stream sequence number of its last event up to the point
 * @param specialItems   the special items that count (recorded and not withdrawn), in the order recorded
 * @param certification  the audit's review, decision and certificate as the project's events up to {@code version}
 *                       say, {@link CertificationRecord#NONE} for none
 */
public record ReportContent(
        AuditId auditId,
        long version,
        AuditFacts facts,
        Scorecard scorecard,
        List<AuditScoring.SpecialItem> specialItems,
        CertificationRecord certification) {

    /** The format of {@link #canonicalText()}: 2 since the review, decision and certificate are in it. */
    public static final int CURRENT_FORMAT = 2;

    public ReportContent {
        Objects.requireNonNull(auditId, "audit id is required");
        Objects.requireNonNull(facts, "audit facts are required");
        Objects.requireNonNull(scorecard, "scorecard is required");
        Objects.requireNonNull(certification, "certification record is required (CertificationRecord.NONE for none)");
        specialItems = List.copyOf(specialItems);
    }

    /**
     * The audit's content in one stable text, one fact per line: what the report's digest is taken over, everything the
     * report prints of the audit, its technical review, certification decision and certificate included (format
     * {@code certaudit-report/2}; version 1 ended at the recommendation, so a forged decision kept the digest). The same
     * events give the same text whatever the layout, the body's configuration or the rendering library, so a reader
     * holding a report can re-issue it at its version and compare digests.
     */
    public String canonicalText() {
        return canonicalText(CURRENT_FORMAT);
    }

    /**
     * The canonical text in {@code format} 1 (up to the recommendation, as reports printed before format 2 were
     * digested) or 2 (everything the report prints). Each line is a key and its values, separated by tabs and ended by
     * a line feed; a tab or line feed inside a value is written as a space, a missing value as nothing, a decimal in
     * plain notation without trailing zeros (except the total, which keeps its scale). A line that came later than a
     * released format (the on-site half-days, a rescheduling of the on-site period, an audit's cancellation) is written only
     * when its event was recorded; the {@code on-site} line gives the period in force at the version.
     *
     * @throws IllegalArgumentException for any other format
     */
    public String canonicalText(int format) {
        if (format != 1 && format != 2) {
            throw new IllegalArgumentException("no canonical report format " + format);
        }
        StringBuilder text = new StringBuilder("certaudit-report/" + format + "\n");
        var opened = facts.opened();
        line(text, "audit", auditId.value(), opened.type().name(), opened.schemeId(), opened.schemeVersion());
        line(text, "version", Long.toString(version));
        var org = opened.organization();
        line(text, "organization", org.name(), org.registeredAddress(), org.registeredPostcode(), org.auditAddress(),
                org.auditPostcode(), org.contactName(), org.contactTitle(), org.contactPhone(), org.contactEmail());
        line(text, "basis", opened.otherSites(), opened.scope(),
                opened.criteria() == null ? "" : String.join(" / ", opened.criteria()));
        // The period in force: the opening's until a rescheduling replaced it.
        OnSitePeriod onSite = facts.onSite();
        line(text, "on-site", String.valueOf(onSite.from()), String.valueOf(onSite.to()), plain(onSite.days()));
        if (onSite.fromHalfDay() != null || onSite.toHalfDay() != null) {
            // Only where given, so that every report printed before half-days existed keeps its digest.
            line(text, "on-site-half-days", name(onSite.fromHalfDay()), name(onSite.toHalfDay()));
        }
        for (AuditFacts.Rescheduling rescheduling : facts.reschedulings()) {
            // Only where an OnSiteAuditRescheduled was recorded, so that every report printed before keeps its digest.
            OnSitePeriod from = rescheduling.previous();
            OnSitePeriod to = rescheduling.period();
            line(text, "rescheduled", String.valueOf(from.from()), String.valueOf(from.to()), plain(from.days()),
                    name(from.fromHalfDay()), name(from.toHalfDay()), String.valueOf(to.from()), String.valueOf(to.to()),
                    plain(to.days()), name(to.fromHalfDay()), name(to.toHalfDay()), rescheduling.rescheduledBy(),
                    rescheduling.reason());
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
        var cancellation = facts.cancellation();
        if (cancellation != null) {
            // Only where an AuditCancelled was recorded, so that every report printed before keeps its digest.
            line(text, "cancelled", cancellation.cancelledBy(), cancellation.reason());
        }
        return text.toString();
    }

    /** SHA-256 of {@link #canonicalText()} in UTF-8: 64 lower-case hexadecimal digits, as the report prints it. */
    public String digest() {
        return digest(CURRENT_FORMAT);
    }

    /**
     * SHA-256 of {@link #canonicalText(int)} in that format, in UTF-8, lower-case hex.
     *
     * @throws IllegalArgumentException for a format other than 1 and 2
     */
    public String digest(int format) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalText(format).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The format whose digest {@code sha256} is (hexadecimal, either case): {@link #CURRENT_FORMAT}, or 1 for a report
     * printed before format 2; empty when it is neither. Format 1 was retired before an audit could be cancelled, so no
     * format-1 report of a cancelled audit was ever printed: its format-1 digest is no report's.
     */
    public OptionalInt formatOf(String sha256) {
        if (sha256 == null) {
            return OptionalInt.empty();
        }
        String digest = sha256.toLowerCase(Locale.ROOT);
        if (digest.equals(digest(CURRENT_FORMAT))) {
            return OptionalInt.of(CURRENT_FORMAT);
        }
        return facts.cancellation() == null && digest.equals(digest(1)) ? OptionalInt.of(1) : OptionalInt.empty();
    }

    private static void line(StringBuilder text, String key, String... values) {
        text.append(key).append('\t').append(Arrays.stream(values)
                .map(value -> value == null ? "" : value.replace('\t', ' ').replace('\n', ' '))
                .collect(Collectors.joining("\t"))).append('\n');
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private static String name(HalfDay halfDay) {
        return halfDay == null ? null : halfDay.name();
    }
}
