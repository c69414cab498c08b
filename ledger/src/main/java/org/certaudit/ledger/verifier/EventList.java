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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.TeamRole;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.scheme.SchemeItem;

/**
 * {@code --list}: a bundle's events in words, one line each in sequence order, so that a regulator sees how a score
 * changed without reading escaped JSON: sequence, when it was recorded (the event's timestamp, and on the certification
 * body's clock), who (the metadata's user and person's name), its type and its facts in short. The payload is read as
 * JSON, not into the shared-kernel events, so that an event of a type this verifier does not know, or one it could not
 * prove, is listed all the same; a line of an event whose own checks failed says so after its sequence.
 *
 * <p>The important types have a short form of their own ({@code ItemScoreRevised: audit 0455-2021-SE.1, item 5.2.2.1,
 * 80.00% (was 87.50%), reason: 复核更正}); every other type is {@code Type: audit …, key=value, …} from its payload's
 * top-level members, nested objects summarised. In Chinese the type is followed by its name as the console's trail gives
 * it, an item by its text (检查内容) in the scheme the audit was opened with, and grades, outcomes, audit types and team
 * roles by their Chinese names: {@code ItemScoreRevised（修改得分）：审查 0455-2021-SE.1，条款 5.2.2.1「根据商品的特点，在售出后
 * 提供及时、必要的安装和调试服务」，80.00%（原为 87.50%），理由：复核更正}.
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
    /** How much of an item's text (检查内容, up to some 980 characters) a line shows. */
    private static final int ITEM_TEXT_SHOWN = 30;

    private final Messages messages;
    private final ZoneId zone;
    private final SchemeCatalog schemes;
    /** The scheme each audit was opened with, as its {@code AuditOpened} in the list says; none when not shipped. */
    private final Map<String, Scheme> schemeOfAudit = new HashMap<>();

    private EventList(Messages messages, ZoneId zone, SchemeCatalog schemes) {
        this.messages = messages;
        this.zone = zone;
        this.schemes = schemes;
    }

    /**
     * The heading and one line per event of {@code bundle}, ready to print in {@code verdict}'s language; a mark on those
     * {@code verdict} did not prove.
     */
    static String of(EvidenceBundle bundle, Verdict verdict, ZoneId zone, SchemeCatalog schemes) {
        List<BundleEvent> events = new ArrayList<>(bundle.events() == null ? List.of() : bundle.events());
        events.sort(Comparator.comparing(BundleEvent::seq, Comparator.nullsFirst(Comparator.naturalOrder())));
        EventList list = new EventList(verdict.messages(), zone, schemes);
        StringBuilder out = new StringBuilder(verdict.messages().get("list.heading", events.size(), zone.getId()))
                .append('\n');
        for (BundleEvent event : events) {
            out.append("  ").append(list.line(event, verdict.unproven(event))).append('\n');
        }
        return out.toString();
    }

    private String line(BundleEvent event, String unproven) {
        Instant at = Instant.ofEpochMilli(event.timestamp());
        return messages.get("list.sequence", event.seq() == null ? "?" : event.seq())
                + (unproven == null ? "" : " " + messages.get("list.notProven", unproven))
                + " | " + messages.get("list.time", at, BODY_CLOCK.format(at.atZone(zone)))
                + " | " + who(event)
                + " | " + facts(event);
    }

    /** {@code leader（李雅宁）}, the user alone, or that none was recorded. */
    private String who(BundleEvent event) {
        JsonNode meta = read(event.metaData());
        String user = meta == null ? null : text(meta.get("user"));
        String person = meta == null ? null : text(meta.get("personName"));
        if (user == null) {
            return person == null ? messages.get("list.noUser") : "（" + person + "）";
        }
        return person == null ? user : user + "（" + person + "）";
    }

    private String facts(BundleEvent event) {
        String type = event.payloadType() == null ? null
                : event.payloadType().substring(event.payloadType().lastIndexOf('.') + 1);
        String named = type == null ? messages.get("list.noPayloadType") : messages.eventType(type);
        JsonNode payload = read(event.payload());
        if (payload == null || !payload.isObject()) {
            return messages.get("list.payloadAsRecorded", named, shortened(event.payload()));
        }
        Facts facts = new Facts(payload);
        String audit = text(payload.get("auditId"));
        facts.add("audit", "auditId");
        switch (type == null ? "" : type) {
            case "AuditOpened" -> {
                facts.put("type", chinese(payload.get("type"), AuditType.class, AuditType::chineseName))
                        .add("scheme", "schemeId").add("version", "schemeVersion");
                facts.put("organization", text(payload.path("organization").get("name")));
                facts.put("onSite", range(payload.get("onSiteFrom"), payload.get("onSiteTo")));
                facts.skip("type", "projectNumber", "organization", "onSiteFrom", "onSiteTo", "otherSites", "scope",
                        "criteria", "onSiteFromHalfDay", "onSiteToHalfDay");
                opened(audit, text(payload.get("schemeId")), text(payload.get("schemeVersion")));
            }
            case "ItemScored" -> facts.put("item", item(audit, text(payload.get("clause")))).skip("clause").percent()
                    .add("note", "note");
            case "ItemScoreRevised" -> facts.put("item", item(audit, text(payload.get("clause")))).skip("clause")
                    .percent().add("note", "note").add("reason", "reason");
            case "ItemMarkedNotApplicable" -> {
                facts.put("item", item(audit, text(payload.get("clause")))).skip("clause");
                facts.fact(payload.hasNonNull("previousPercent")
                        ? messages.get("list.notApplicableWas", text(payload.get("previousPercent")))
                        : messages.get("list.notApplicable"));
                facts.skip("previousPercent").add("reason", "reason");
            }
            case "TeamMemberAssigned" -> {
                JsonNode member = payload.path("member");
                facts.put("member", join(" ", text(member.get("code")), text(member.get("name")),
                        chinese(member.get("role"), TeamRole.class, TeamRole::chineseName), text(member.get("userName"))));
                facts.skip("member");
            }
            case "TeamMemberRemoved" -> facts.add("member", "memberCode").add("reason", "reason");
            case "PledgeSigned" -> facts.add("member", "memberCode").add("signedOn", "signedOn");
            case "PledgeDateCorrected" -> {
                facts.add("member", "memberCode");
                facts.fact(messages.get("list.signedOnWas", text(payload.get("signedOn")),
                        text(payload.get("previousSignedOn"))));
                facts.skip("signedOn", "previousSignedOn").add("reason", "reason");
            }
            case "GradeRecommended" -> facts.put("grade", grade(payload.get("grade"))).skip("grade")
                    .add("total", "total").add("reportDate", "reportDate");
            case "TechnicalReviewAccepted", "TechnicalReviewReturned" -> facts.add("reviewer", "reviewer")
                    .add("reviewedOn", "reviewedOn").put("grade", grade(payload.get("grade"))).skip("grade")
                    .add("total", "total");
            case "OnSiteAuditRescheduled" -> {
                facts.fact(messages.get("list.onSiteWas", period(payload.get("period")),
                        period(payload.get("previous"))));
                facts.skip("period", "previous").add("rescheduledBy", "rescheduledBy").add("reason", "reason");
            }
            default -> {
                if (DECISIONS.contains(type)) {
                    JsonNode decision = payload.path("decision");
                    if (decision.isObject()) {
                        facts.put("decision", messages.get("list.decided", orUnknown(chinese(decision.get("outcome"),
                                        DecisionOutcome.class, DecisionOutcome::chineseName)),
                                orUnknown(text(decision.get("decidedOn"))), orUnknown(text(decision.get("decider")))));
                    }
                    facts.put("grade", grade(decision.get("grade")));
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
        return messages.get("list.typeAndFacts", named, String.join(messages.get("comma"), facts.shown));
    }

    /** Keeps the scheme {@code audit} was opened with, for its items' names. */
    private void opened(String audit, String schemeId, String version) {
        if (audit == null || schemeId == null) {
            return;
        }
        try {
            Optional<Scheme> scheme = version == null ? schemes.current(schemeId)
                    : Optional.of(schemes.pinned(schemeId, version));
            scheme.ifPresent(found -> schemeOfAudit.put(audit, found));
        } catch (IllegalStateException notShipped) {
            // Listed all the same, by clause alone: the list reads any bundle, also one of a scheme this release lacks.
        }
    }

    /**
     * The clause, and in Chinese the item's text (检查内容) from the scheme its audit was opened with, shortened:
     * {@code 5.2.2.1「根据商品的特点，在售出后提供及时、必要的安装和调试服务」}. The scheme has no English item texts.
     */
    private String item(String audit, String clause) {
        Scheme scheme = audit == null ? null : schemeOfAudit.get(audit);
        if (clause == null || !messages.chinese() || scheme == null) {
            return clause;
        }
        return scheme.find(clause).map(SchemeItem::text)
                .map(text -> text.codePointCount(0, text.length()) <= ITEM_TEXT_SHOWN ? text
                        : text.substring(0, text.offsetByCodePoints(0, ITEM_TEXT_SHOWN)) + "…")
                .map(text -> clause + "「" + text + "」").orElse(clause);
    }

    /** A grade as recorded ({@code FOUR_STAR}), in Chinese by its name on the ladder ({@code 四星级}). */
    private String grade(JsonNode grade) {
        return chinese(grade, Grade.class, Grade::chineseName);
    }

    /** An enum constant as recorded; in Chinese its Chinese name, when it is one of {@code type}'s. */
    private <E extends Enum<E>> String chinese(JsonNode node, Class<E> type, Function<E, String> chineseName) {
        String name = text(node);
        if (name == null || !messages.chinese()) {
            return name;
        }
        try {
            return chineseName.apply(Enum.valueOf(type, name));
        } catch (IllegalArgumentException unknown) {
            return name;
        }
    }

    /** The facts of a payload, in order: those named, then (by {@link #rest()}) every other top-level member. */
    private final class Facts {
        private final JsonNode payload;
        private final List<String> shown = new ArrayList<>();
        private final List<String> used = new ArrayList<>();

        Facts(JsonNode payload) {
            this.payload = payload;
        }

        /** Member {@code name} labelled {@code list.<label>} when it has a value. */
        Facts add(String label, String name) {
            if (!used.contains(name)) {
                put(label, text(payload.get(name)));
                used.add(name);
            }
            return this;
        }

        /** {@code value} labelled {@code list.<label>} ({@code item 5.2.2.1}, {@code reason: …}) when there is one. */
        Facts put(String label, String value) {
            if (value != null && !value.isBlank()) {
                shown.add(messages.get("list." + label, value));
            }
            return this;
        }

        /** A fact already in words. */
        Facts fact(String fact) {
            shown.add(fact);
            return this;
        }

        /** {@code 80.00%}, and the previous percent where the payload has it: {@code 80.00% (was 87.50%)}. */
        Facts percent() {
            String percent = text(payload.get("percent"));
            String previous = text(payload.get("previousPercent"));
            if (percent != null) {
                shown.add(previous == null ? messages.get("list.percent", percent)
                        : messages.get("list.percentWas", percent, previous));
            }
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

    private String period(JsonNode period) {
        if (period == null || period.isNull()) {
            return messages.get("list.none");
        }
        String range = range(period.get("from"), period.get("to"));
        return period.hasNonNull("days") ? messages.get("list.days", range, text(period.get("days"))) : range;
    }

    private String range(JsonNode from, JsonNode to) {
        String first = text(from);
        String last = text(to);
        return first == null && last == null ? null : messages.get("list.range", orUnknown(first), orUnknown(last));
    }

    private static String orUnknown(String value) {
        return value == null ? "?" : value;
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

    private String shortened(String text) {
        if (text == null) {
            return messages.get("list.none");
        }
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
