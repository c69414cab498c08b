package org.certaudit.ledger.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;

/**
 * {@code --list}: a bundle's events in words, one line each in sequence order, so that a regulator sees how a score
 * changed without reading escaped JSON: sequence, when it was recorded (the event's timestamp, and on the certification
 * body's clock), who (the metadata's user and person's name), its type and its facts in short. The payload is read as
 * JSON, not into the shared-kernel events, so that an event of a type this verifier does not know, or one it could not
 * prove, is listed all the same; a line of an event whose own checks failed says so after its sequence.
 *
 * <p>The important types have a short form of their own ({@code ItemScoreRevised: audit 0455-2021-SE.1, item 5.2.2.1,
 * 80.00% (was 87.50%), reason: 复核更正}); every other type is {@code Type: audit …, key=value, …} from its payload's
 * top-level members, nested objects summarised.
 */
final class EventList {

    /** Decimals as recorded, with their scale: 87.50 stays 87.50. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final DateTimeFormatter BODY_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");
    private static final Set<String> DECISIONS = Set.of("CertificateGranted", "CertificateRenewed",
            "CertificationRefused", "CertificateMaintained", "CertificateSuspended", "CertificateWithdrawn");

    private EventList() {
    }

    /** The heading and one line per event of {@code bundle}, ready to print; a mark on those {@code verdict} did not prove. */
    static String of(EvidenceBundle bundle, Verdict verdict, ZoneId zone) {
        List<BundleEvent> events = new ArrayList<>(bundle.events() == null ? List.of() : bundle.events());
        events.sort(Comparator.comparing(BundleEvent::seq, Comparator.nullsFirst(Comparator.naturalOrder())));
        StringBuilder out = new StringBuilder("events (" + events.size() + ", in sequence order; recorded at, and on the "
                + "certification body's clock, " + zone.getId() + "):\n");
        for (BundleEvent event : events) {
            out.append("  ").append(line(event, verdict.unproven(event), zone)).append('\n');
        }
        return out.toString();
    }

    static String line(BundleEvent event, String unproven, ZoneId zone) {
        Instant at = Instant.ofEpochMilli(event.timestamp());
        return "sequence " + (event.seq() == null ? "?" : event.seq())
                + (unproven == null ? "" : " NOT PROVEN (" + unproven + ")")
                + " | " + at + " (" + BODY_CLOCK.format(at.atZone(zone)) + ")"
                + " | " + who(event)
                + " | " + facts(event);
    }

    /** {@code leader（李雅宁）}, the user alone, or that none was recorded. */
    private static String who(BundleEvent event) {
        JsonNode meta = read(event.metaData());
        String user = meta == null ? null : text(meta.get("user"));
        String person = meta == null ? null : text(meta.get("personName"));
        if (user == null) {
            return person == null ? "no user recorded" : "（" + person + "）";
        }
        return person == null ? user : user + "（" + person + "）";
    }

    private static String facts(BundleEvent event) {
        String type = event.payloadType() == null ? "(no payload type)"
                : event.payloadType().substring(event.payloadType().lastIndexOf('.') + 1);
        JsonNode payload = read(event.payload());
        if (payload == null || !payload.isObject()) {
            return type + ": payload as recorded: " + shortened(event.payload());
        }
        Facts facts = new Facts(payload);
        facts.add("audit", "auditId");
        switch (type) {
            case "AuditOpened" -> {
                facts.add("type", "type").add("scheme", "schemeId").add("version", "schemeVersion");
                facts.put("organization", text(payload.path("organization").get("name")));
                facts.put("on site", range(payload.get("onSiteFrom"), payload.get("onSiteTo")));
                facts.skip("projectNumber", "organization", "onSiteFrom", "onSiteTo", "otherSites", "scope", "criteria",
                        "onSiteFromHalfDay", "onSiteToHalfDay");
            }
            case "ItemScored" -> facts.add("item", "clause").percent().add("note", "note");
            case "ItemScoreRevised" -> facts.add("item", "clause").percent().add("note", "note").add("reason", "reason");
            case "ItemMarkedNotApplicable" -> {
                facts.add("item", "clause");
                facts.put(null, "not applicable" + (payload.hasNonNull("previousPercent")
                        ? " (was " + text(payload.get("previousPercent")) + "%)" : ""));
                facts.skip("previousPercent").add("reason", "reason");
            }
            case "TeamMemberAssigned" -> {
                JsonNode member = payload.path("member");
                facts.put("member", join(" ", text(member.get("code")), text(member.get("name")),
                        text(member.get("role")), text(member.get("userName"))));
                facts.skip("member");
            }
            case "TeamMemberRemoved" -> facts.add("member", "memberCode").add("reason", "reason");
            case "PledgeSigned" -> facts.add("member", "memberCode").add("signed on", "signedOn");
            case "PledgeDateCorrected" -> {
                facts.add("member", "memberCode");
                facts.put("signed on", text(payload.get("signedOn")) + " (was " + text(payload.get("previousSignedOn"))
                        + ")");
                facts.skip("signedOn", "previousSignedOn").add("reason", "reason");
            }
            case "GradeRecommended" -> facts.add("grade", "grade").add("total", "total").add("report date", "reportDate");
            case "TechnicalReviewAccepted", "TechnicalReviewReturned" -> facts.add("by", "reviewer")
                    .add("on", "reviewedOn").add("grade", "grade").add("total", "total");
            case "OnSiteAuditRescheduled" -> {
                facts.put("on site", period(payload.get("period")) + " (was " + period(payload.get("previous")) + ")");
                facts.skip("period", "previous").add("by", "rescheduledBy").add("reason", "reason");
            }
            default -> {
                if (DECISIONS.contains(type)) {
                    JsonNode decision = payload.path("decision");
                    facts.put("decision", join(" ", text(decision.get("outcome")),
                            prefixed("on ", decision.get("decidedOn")), prefixed("by ", decision.get("decider"))));
                    facts.put("grade", text(decision.get("grade")));
                    facts.put("total", text(decision.get("total")));
                    facts.put("reason", text(decision.get("reason")));
                    JsonNode certificate = payload.path("certificate");
                    if (certificate.isObject()) {
                        facts.put("certificate", join(" ", text(certificate.get("number")),
                                range(certificate.get("validFrom"), certificate.get("validUntil"))));
                        facts.skip("certificate");
                    }
                    facts.add("certificate", "certificateNumber");
                    facts.skip("decision");
                }
            }
        }
        facts.rest();
        return type + ": " + facts;
    }

    /** The facts of a payload, in order: those named, then (by {@link #rest()}) every other top-level member. */
    private static final class Facts {
        private final JsonNode payload;
        private final List<String> shown = new ArrayList<>();
        private final List<String> used = new ArrayList<>();

        Facts(JsonNode payload) {
            this.payload = payload;
        }

        /** {@code label value} of member {@code name} when it has one. */
        Facts add(String label, String name) {
            if (!used.contains(name)) {
                put(label, text(payload.get(name)));
                used.add(name);
            }
            return this;
        }

        Facts put(String label, String value) {
            if (value != null && !value.isBlank()) {
                shown.add(label == null ? value : label + (label.equals("reason") ? ": " : " ") + value);
            }
            return this;
        }

        /** {@code 80.00%}, and the previous percent where the payload has it: {@code 80.00% (was 87.50%)}. */
        Facts percent() {
            String percent = text(payload.get("percent"));
            String previous = text(payload.get("previousPercent"));
            put(null, percent == null ? null : percent + "%" + (previous == null ? "" : " (was " + previous + "%)"));
            return skip("percent", "previousPercent");
        }

        Facts skip(String... names) {
            used.addAll(List.of(names));
            return this;
        }

        /** Every top-level member not yet shown, as {@code key=value}, nested objects summarised. */
        void rest() {
            for (Iterator<Map.Entry<String, JsonNode>> members = payload.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                if (!used.contains(member.getKey()) && !member.getValue().isNull()) {
                    shown.add(member.getKey() + "=" + summary(member.getValue()));
                }
            }
        }

        @Override
        public String toString() {
            return String.join(", ", shown);
        }
    }

    /** A value as text: a {@code {"value": …}} wrapper (ids, percents) unwrapped; null for none. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject() && node.size() == 1 && node.has("value")) {
            return text(node.get("value"));
        }
        return node.isValueNode() ? node.asText() : summary(node);
    }

    /** A nested value in short: {@code (from=…, to=…)} for an object's non-null members, {@code [a; b]} for an array. */
    private static String summary(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isObject() && node.size() == 1 && node.has("value")) {
            return text(node);
        }
        StringJoiner joined = node.isArray() ? new StringJoiner("; ", "[", "]") : new StringJoiner(", ", "(", ")");
        if (node.isArray()) {
            node.forEach(element -> joined.add(summary(element)));
        } else {
            node.fields().forEachRemaining(member -> {
                if (!member.getValue().isNull()) {
                    joined.add(member.getKey() + "=" + summary(member.getValue()));
                }
            });
        }
        return joined.toString();
    }

    private static String period(JsonNode period) {
        return period == null || period.isNull() ? "none" : range(period.get("from"), period.get("to"))
                + (period.hasNonNull("days") ? ", " + text(period.get("days")) + " days" : "");
    }

    private static String range(JsonNode from, JsonNode to) {
        String first = text(from);
        String last = text(to);
        return first == null && last == null ? null : (first == null ? "?" : first) + " to " + (last == null ? "?" : last);
    }

    private static String prefixed(String prefix, JsonNode node) {
        String value = text(node);
        return value == null ? null : prefix + value;
    }

    private static String join(String separator, String... parts) {
        StringJoiner joined = new StringJoiner(separator);
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                joined.add(part);
            }
        }
        return joined.length() == 0 ? null : joined.toString();
    }

    private static JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String shortened(String text) {
        if (text == null) {
            return "none";
        }
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
