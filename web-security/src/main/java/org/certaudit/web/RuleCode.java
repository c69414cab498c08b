package org.certaudit.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of rule codes: every rule a request can break on either side has a stable code,
 * which each {@code errors[]} entry of a problem carries as {@code code} next to its English
 * {@code message}, with the rule's {@code arguments} as a JSON object of named values. A client
 * shows the rule in its own language from the code and the arguments (the console's bundles hold
 * {@code rule.<code>}); the message stays for API users reading the problem directly.
 *
 * <p>A code never changes once released; a rule that changes its meaning gets a new code. The
 * argument names of a code are part of it: a sentence may use exactly these. Argument values are
 * JSON strings (ids, ISO-8601 dates, enum constant names), numbers or arrays of strings. Each
 * constant names the source of its rule: the GB/T 27922 scoring rules, ISO/IEC 17065:2012 or
 * ISO/IEC 17021-1:2015 clauses, RFC 9110, RFC 3339 and ISO 8601 (points in time), RFC 9162 (the
 * transparency log's tree sizes), Jakarta Bean Validation, or the certaudit workflow and API
 * (README, "Problems"). Both sides raise them: the command side's refusals and the query side's
 * parameter refusals alike.
 */
public enum RuleCode {

    // ---- the shape of one field (400 invalid-input); source: Jakarta Bean Validation constraints

    /**
     * The field is missing or blank ({@code @NotNull}, {@code @NotBlank}, optional text given blank
     * ({@code @NullOrNotBlank}), a required header or parameter); blank as {@link TextRules#isBlank} says.
     */
    FIELD_REQUIRED("field.required", "Jakarta Bean Validation @NotNull / @NotBlank"),
    /** The text or list has fewer than {@code min} or more than {@code max} characters or entries ({@code @Size}). */
    FIELD_SIZE("field.size", "Jakarta Bean Validation @Size", "min", "max"),
    /** The text does not have the documented form ({@code @Pattern}); the message says which. */
    FIELD_FORMAT("field.format", "Jakarta Bean Validation @Pattern"),
    /** Not an e-mail address ({@code @Email}). */
    FIELD_EMAIL("field.email", "Jakarta Bean Validation @Email"),
    /**
     * The day of an act that happened (signed, written, reviewed, decided) is after {@code today} on the certification
     * body's calendar ({@code zone}, an IANA time zone id).
     */
    FIELD_NOT_AFTER_TODAY("field.not-after-today", "Jakarta Bean Validation @PastOrPresent: an act is recorded for a day that has come",
            "today", "zone"),
    /** The number is below {@code value} ({@code @DecimalMin}, {@code @Min}). */
    FIELD_MIN("field.min", "Jakarta Bean Validation @DecimalMin / @Min", "value"),
    /** The number is not above {@code value}, which it must exceed ({@code @DecimalMin(inclusive = false)}). */
    FIELD_ABOVE("field.above", "Jakarta Bean Validation @DecimalMin(inclusive = false)", "value"),
    /** The number is not below {@code value}, which it must stay under ({@code @DecimalMax(inclusive = false)}). */
    FIELD_BELOW("field.below", "Jakarta Bean Validation @DecimalMax(inclusive = false)", "value"),
    /** The number is above {@code value} ({@code @DecimalMax}, {@code @Max}). */
    FIELD_MAX("field.max", "Jakarta Bean Validation @DecimalMax / @Max", "value"),
    /** More than {@code integer} digits before or {@code fraction} after the decimal point ({@code @Digits}). */
    FIELD_DIGITS("field.digits", "Jakarta Bean Validation @Digits", "integer", "fraction"),
    /**
     * More than {@code fraction} decimals, trailing zeros not counted ({@link Decimals}; a percent's two: shared-kernel
     * {@code Percent}, as GB/T 27922 scores are written).
     */
    FIELD_DECIMALS("field.decimals", "certaudit API: decimals as written, trailing zeros not counted", "fraction"),
    /** A path variable, header or field does not have the form of its type ({@code value} as sent). */
    FIELD_MALFORMED_ID("field.malformed-id", "certaudit: audit ids and project numbers", "value"),

    // ---- the request line (400 invalid-input); source: RFC 3986, RFC 9110

    /**
     * The path or query string is malformed (';', '//', '..', encoded separators, a parameter without a name), or the
     * request line or headers are refused before the application sees them (an encoded '/' or NUL, a raw non-ASCII
     * byte, a request line longer than the server reads, more headers than it reads).
     */
    REQUEST_MALFORMED("request.malformed", "RFC 3986 3.3, 3.4; RFC 9112 3 (request line); the API's paths"),
    /**
     * The request line and headers together are larger than {@code limit} bytes, the most the server reads (Tomcat's
     * {@code maxHttpRequestHeaderSize}, Spring Boot's {@code server.max-http-request-header-size}); answered 431.
     */
    REQUEST_HEADERS_TOO_LARGE("request.headers-too-large",
            "RFC 6585 5 (431 Request Header Fields Too Large); server.max-http-request-header-size", "limit"),
    /**
     * The query string holds more than {@code limit} parameters, the most the server reads (Tomcat's
     * {@code maxParameterCount}, Spring Boot's {@code server.tomcat.max-parameter-count}); the container would drop the
     * rest without a word. No endpoint takes more than a handful.
     */
    QUERY_TOO_MANY_PARAMETERS("query.too-many-parameters", "Tomcat's maxParameterCount (server.tomcat.max-parameter-count)",
            "limit"),
    /**
     * The request's method is not one the target takes ({@code value}; {@code allowed}, as the {@code Allow} header
     * says): a method no endpoint has ({@code TRACE}, {@code CONNECT}, WebDAV's), or one the path does not take.
     */
    REQUEST_METHOD("request.method", "RFC 9110 9 (methods), 10.2.1 (Allow), 15.5.6 (405 Method Not Allowed)",
            "value", "allowed"),
    /**
     * A query parameter or a form body's field ({@code application/x-www-form-urlencoded}), named, is not correctly
     * percent-encoded UTF-8: a {@code %} not followed by two hex digits, or bytes that spell no UTF-8 ({@code %FF}).
     */
    FIELD_PERCENT_ENCODING("field.percent-encoding", "RFC 3986 2.1, 2.5"),

    // ---- query parameters (400 invalid-input): points in time, periods, and which parameters go together

    /**
     * {@code value} is neither an instant with an offset ({@code 2021-06-07T10:00:00Z}, a {@code +} sent as
     * {@code %2B}) nor a date yyyy-MM-dd (the end of that day in the certification body's zone; its start where a period
     * of moments begins, as the trail's {@code from}), or it falls outside {@code earliest} to {@code latest}.
     */
    FIELD_INSTANT("field.instant", "RFC 3339 5.6 date-time (ISO 8601 with an offset) or ISO 8601 calendar date;"
            + " certaudit's plausible business dates", "value", "earliest", "latest"),
    /**
     * {@code value} is neither a version (a project-stream sequence number, a whole number from 0) nor an instant
     * or a date as {@link #FIELD_INSTANT} takes it, between {@code earliest} and {@code latest}.
     */
    FIELD_VERSION_OR_INSTANT("field.version-or-instant", "certaudit API: a point by version or time"
            + " (the scorecard diff's from and to); RFC 3339 5.6, ISO 8601", "value", "earliest", "latest"),
    /**
     * A point in time that has not come yet ({@code value} as sent; {@code now}: the server's clock, ISO-8601 UTC): what
     * the answer would show could still change, so the same point would not always give the same answer.
     */
    FIELD_FUTURE("field.future", "certaudit API: a scorecard or report re-issued at a point is the same at every asking",
            "value", "now"),
    /** The {@code parameters} exclude each other: give at most one of them. */
    PARAMETER_AT_MOST_ONE("parameter.at-most-one-of", "certaudit API: one point in time per request", "parameters"),
    /** Give exactly one of the {@code parameters}. */
    PARAMETER_EXACTLY_ONE("parameter.exactly-one-of", "certaudit API: one event per inclusion proof", "parameters"),
    /** The period ends on {@code end}, before it starts on {@code start}; both days are included. */
    PERIOD_END_BEFORE_START("period.end-before-start", "certaudit API: periods from a first to a last day, both included",
            "start", "end"),
    /** The period is longer than {@code maxDays} days. */
    PERIOD_TOO_LONG("period.too-long", "certaudit API: GET /api/decisions covers at most maxDays days at a time", "maxDays"),

    // ---- the transparency log's proofs (400 invalid-input); source: RFC 9162 (Certificate Transparency 2.0)

    /** {@code value} is not a tree size from {@code min} to {@code max} (the log's or the tree head's size). */
    LEDGER_TREE_SIZE("ledger.tree-size", "RFC 9162 2.1.3, 2.1.4: proofs between trees the log has,"
            + " 1 <= first <= second <= the log's size", "value", "min", "max"),
    /** The event is leaf {@code leafIndex} (from 0), not in a tree of {@code treeSize} leaves. */
    LEDGER_LEAF_NOT_IN_TREE("ledger.leaf-not-in-tree", "RFC 9162 2.1.3.1: an inclusion proof of leaf m in a tree of n"
            + " leaves needs m < n", "leafIndex", "treeSize"),

    // ---- reading the body (400 invalid-input); source: RFC 8259 (JSON) and the documented request bodies

    /** The body is not well-formed JSON (from {@code line}, {@code column}). */
    BODY_MALFORMED_JSON("body.malformed-json", "RFC 8259", "line", "column"),
    /** The body is missing, not a JSON object of the documented fields, too large or too deeply nested. */
    BODY_SHAPE("body.shape", "the documented request body"),
    /**
     * A form body ({@code application/x-www-form-urlencoded}) is not one the server can read into parameters: a pair
     * without a name ({@code =value}), more parameters than the server takes (the query's and the body's together), or
     * a body that ended before its {@code Content-Length}. A broken escape is {@link #FIELD_PERCENT_ENCODING}.
     */
    BODY_MALFORMED_FORM("body.malformed-form", "WHATWG URL Standard 5.1 (application/x-www-form-urlencoded parsing);"
            + " Tomcat's maxParameterCount; RFC 9112 6.3 (an incomplete message)"),
    /** The body is larger than {@code limit} bytes, the most a request of the API takes; answered 413. */
    BODY_TOO_LARGE("body.too-large", "RFC 9110 15.5.14 (413); certaudit API: bodies of at most 1 MiB", "limit"),
    /**
     * The body is declared as another media type than {@code application/json}, or in another charset than UTF-8
     * ({@code value}: the {@code Content-Type} sent, or none); answered 415.
     */
    BODY_MEDIA_TYPE("body.media-type", "RFC 9110 15.5.16 (415); RFC 8259 8.1 (JSON between systems is UTF-8)", "value"),
    /**
     * The body is sent with a content coding ({@code Content-Encoding: gzip}, anything but {@code identity}), which
     * neither side decodes ({@code value}: the {@code Content-Encoding} sent); answered 415 with
     * {@code Accept-Encoding: identity}.
     */
    BODY_CONTENT_ENCODING("body.content-encoding", "RFC 9110 8.4 (Content-Encoding), 12.5.3 (Accept-Encoding in a 415),"
            + " 15.5.16 (415)", "value"),
    /**
     * A change a console page's script sends with the session lacks the session's CSRF token or sends another one
     * (a page loaded before the session was renewed, or another site's script); answered 403.
     */
    REQUEST_CSRF_TOKEN("request.csrf-token", "OWASP CSRF Prevention Cheat Sheet (synchronizer token pattern)"),
    /**
     * The {@code Accept} header names no media type the endpoint answers in ({@code value}: the header sent;
     * {@code available}: the types it answers in, an array of strings); answered 406.
     */
    REQUEST_NOT_ACCEPTABLE("request.not-acceptable", "RFC 9110 12.5.1 (Accept), 15.5.7 (406)", "value", "available"),
    /** The field is not one of the request's. */
    FIELD_UNKNOWN("field.unknown", "the documented request body (strict reading)"),
    /**
     * The field appears more than once in the body, the parameter more than once in the query string, or a header
     * that holds one value ({@code X-Request-Id}, {@code Idempotency-Key}) more than once.
     */
    FIELD_DUPLICATE("field.duplicate",
            "RFC 8259 4 (names should be unique; certaudit refuses duplicates), RFC 3986 3.4, RFC 9110 5.3"),
    /** The value has another JSON type than {@code expected} (one of {@link #JSON_TYPES}). */
    FIELD_JSON_TYPE("field.json-type", "RFC 8259 3", "expected"),
    /** {@code value} is not a number. */
    FIELD_NOT_A_NUMBER("field.not-a-number", "RFC 8259 6", "value"),
    /** {@code value} is not one of {@code allowed}. */
    FIELD_NOT_ONE_OF("field.not-one-of", "the documented request body (enumerations)", "value", "allowed"),
    /** {@code value} is not a date yyyy-MM-dd between {@code earliest} and {@code latest}. */
    FIELD_DATE("field.date", "ISO 8601 calendar date; certaudit's plausible business dates", "value", "earliest", "latest"),
    /**
     * The text holds characters no text may hold (control characters, unpaired surrogates, noncharacters, bytes not in
     * its charset): a JSON field's, a query parameter's or a form field's value, or a parameter's name (then naming the
     * {@code query} or the {@code body}).
     */
    FIELD_TEXT_CHARACTERS("field.text-characters", "Unicode 15 (noncharacters, surrogates), RFC 8259 8.1"),
    /** The value breaks the shape of its type (the message says how). */
    FIELD_INVALID_VALUE("field.invalid-value", "the documented request body (value types)"),

    // ---- rules across the fields of one request (400 invalid-input)

    /** An INITIAL audit names its organization and scope; later audits take their predecessor's. */
    OPEN_REQUIRED_FOR_INITIAL("open.required-for-initial", "ISO/IEC 17065 7.2 (application), GB/T 27922 report 1.1-1.10"),
    /**
     * A new project's number has no lower-case letters ({@code value}: as sent): one spelling per project, so that no
     * two projects' numbers (nor the certificate numbers made from them) differ only in case. A project stored with
     * lower-case letters keeps its number.
     */
    OPEN_PROJECT_NUMBER_UPPER_CASE("open.project-number-upper-case",
            "certaudit workflow: one spelling per project number, which reports and certificate numbers carry",
            "value"),
    /** The last on-site day is not before the first ({@code onSiteFrom}). */
    OPEN_ON_SITE_ORDER("open.on-site-order", "certaudit workflow: report 1.10", "onSiteFrom"),
    /** The on-site days are at most the {@code calendarDays} from the first to the last day. */
    OPEN_ON_SITE_DAYS("open.on-site-days", "certaudit workflow: report 1.10", "calendarDays"),
    /** On-site days beyond the half-days between the period's first and last half-day. */
    OPEN_ON_SITE_HALF_DAYS("open.on-site-half-days", "certaudit workflow: report 1.10", "days"),
    /** A one-day on-site period ({@code onSiteFrom}) that starts in the afternoon does not end in the morning. */
    OPEN_ON_SITE_HALF_DAY_ORDER("open.on-site-half-day-order", "certaudit workflow: report 1.10", "onSiteFrom"),
    /**
     * The on-site period starts at most {@code days} days after today on the certification body's calendar, by
     * {@code latest}: an audit is opened for dates the body can plan, so that a mistyped year does not leave the project
     * with an audit no act can ever be dated in.
     */
    OPEN_ON_SITE_TOO_FAR_AHEAD("open.on-site-too-far-ahead",
            "certaudit workflow: ISO/IEC 17021-1 9.1.3 (audit programme), certaudit.audits.on-site-horizon-days",
            "latest", "days"),
    /** A deduction names the finding it rests on. */
    SPECIAL_DEDUCTION_FINDING("special.deduction-needs-finding", "GB/T 27922 scoring rules: deductions"),
    /** A deduction names the clause it breaks. */
    SPECIAL_DEDUCTION_CLAUSE("special.deduction-needs-clause", "GB/T 27922 scoring rules: deductions"),
    /** A technical review that returns the audit to its team lists the findings. */
    REVIEW_RETURN_FINDINGS("review.return-needs-findings", "ISO/IEC 17065 7.5"),
    /** Findings belong to a RETURN; an acceptance carries a note. */
    REVIEW_FINDINGS_ONLY_ON_RETURN("review.findings-only-on-return", "ISO/IEC 17065 7.5"),
    /** A note belongs to an acceptance; a return carries its findings, which the team acts on. */
    REVIEW_NOTE_ONLY_ON_ACCEPT("review.note-only-on-accept", "ISO/IEC 17065 7.5"),
    /** A suspension names the day it ends. */
    DECISION_SUSPENSION_UNTIL("decision.suspension-needs-until", "ISO/IEC 17065 7.11.3, ISO/IEC 17021-1 9.6.5"),
    /** Only a suspension has an end day; {@code outcome} is the one sent. */
    DECISION_UNTIL_ONLY_ON_SUSPEND("decision.until-only-on-suspend", "ISO/IEC 17065 7.11", "outcome"),

    // ---- versions (412 stale-version, 400 for a malformed or missing If-Match); source: RFC 9110 13.1.1

    /** The request expected version {@code expectedVersion}; the audit's project is at {@code currentVersion}. */
    VERSION_STALE("version.stale", "RFC 9110 13.1.1 If-Match", "expectedVersion", "currentVersion"),
    /** The request expected version {@code expectedVersion} of a project that has no audit yet. */
    VERSION_NOTHING_YET("version.nothing-yet", "RFC 9110 13.1.1 If-Match", "expectedVersion"),
    /** {@code If-Match} is not one audit version as an ETag gives it; {@code value} as sent. */
    VERSION_IF_MATCH_FORMAT("version.if-match-format", "RFC 9110 13.1.1 If-Match", "value"),
    /**
     * A certification decision rests on the version the decider saw, sent as {@code If-Match}: a header missing or
     * {@code *} (any current version, RFC 9110 13.1.1) names none.
     */
    VERSION_IF_MATCH_REQUIRED("version.if-match-required", "ISO/IEC 17065 7.6, RFC 9110 13.1.1"),
    /**
     * A change under this user and {@code key} is recorded already (its answer was lost); nothing was saved
     * again (409 idempotency-key-used).
     */
    IDEMPOTENCY_KEY_USED("idempotency.key-used", "IETF draft-ietf-httpapi-idempotency-key-header; one change per key", "key"),
    /** {@code key} was used for another request, {@code firstRequest} (422 idempotency-key-reused). */
    IDEMPOTENCY_KEY_REUSED("idempotency.key-reused", "IETF draft-ietf-httpapi-idempotency-key-header; one request per key", "key", "firstRequest"),
    /** A request under {@code key} is still being handled; the same request is retried shortly (409 concurrent-change). */
    IDEMPOTENCY_KEY_IN_PROGRESS("idempotency.key-in-progress", "IETF draft-ietf-httpapi-idempotency-key-header; one request per key at a time", "key"),
    /** Another request changed the audit (or opened the project) between this one's read and its store; nothing was saved (409 concurrent-change). */
    CONCURRENT_CHANGE("concurrency.changed-meanwhile", "Axon optimistic locking: one writer per aggregate version"),

    // ---- unknown references (404 not-found)

    /** No audit {@code audit}. */
    REFERENCE_AUDIT("reference.unknown-audit", "certaudit workflow", "audit"),
    /** Project {@code project} has no audits. */
    REFERENCE_PROJECT("reference.unknown-project", "certaudit workflow", "project"),
    /** No scheme {@code scheme}; {@code knownSchemes} lists those there are. */
    REFERENCE_SCHEME("reference.unknown-scheme", "certaudit scheme catalogue", "scheme", "knownSchemes"),
    /** The audit's scheme {@code scheme} has no item {@code item} (by clause or dimension code). */
    REFERENCE_ITEM("reference.unknown-item", "GB/T 27922 evaluation items (scheme CTS ISC-JSGF-06)", "audit", "scheme", "item"),
    /** The audit has no team member {@code member}. */
    REFERENCE_MEMBER("reference.unknown-member", "certaudit workflow", "audit", "member"),
    /** The audit has no counting special item {@code specialItem} (never recorded, or withdrawn). */
    REFERENCE_SPECIAL_ITEM("reference.unknown-special-item", "GB/T 27922 scoring rules: special items", "audit", "specialItem"),

    // ---- who may act (403 forbidden)

    /**
     * User {@code user}, with roles {@code roles} (without the {@code ROLE_} prefix), may not make a request of this
     * {@code method} to this {@code path}: a matter of the role, decided before any audit is read (who is on a team is
     * {@code permission.not-on-team}).
     */
    PERMISSION_ROLE("permission.role", "certaudit roles: ADMIN, AUDITOR, REVIEWER, DECIDER, REGULATOR, METRICS",
            "user", "roles", "method", "path"),
    /** No user is signed in, and the change is made by a named person. */
    PERMISSION_NO_USER("permission.no-user", "ISO/IEC 17065 7.5, 7.6: every step by a named person", "audit"),
    /** User {@code user} is not on the audit's team; only a team member does this. */
    PERMISSION_NOT_ON_TEAM("permission.not-on-team", "ISO/IEC 17021-1 9.2.2", "user", "audit"),
    /** Only the audit's leader does this; {@code member} is {@code role}, the leader is {@code leader} (or none). */
    PERMISSION_LEADER_ONLY("permission.leader-only", "ISO/IEC 17021-1 9.2.2", "audit", "member", "role", "leader"),
    /** Each member signs their own pledge: user {@code user} is member {@code ownCode}, not {@code memberCode}. */
    PERMISSION_OWN_PLEDGE("permission.own-pledge", "ISO/IEC 17065 4.2, 4.5", "user", "audit", "ownCode", "memberCode"),
    /** Each member corrects the date of their own pledge: user {@code user} is member {@code ownCode}, not {@code memberCode}. */
    PERMISSION_OWN_PLEDGE_CORRECTION("permission.own-pledge-correction", "ISO/IEC 17065 4.2, 4.5", "user", "audit",
            "ownCode", "memberCode"),
    /** User {@code user} is or was on the team; the technical review is by a person not involved in the audit. */
    INDEPENDENCE_REVIEWER_ON_TEAM("independence.reviewer-on-team", "ISO/IEC 17065 7.5.1", "user", "audit"),
    /** User {@code user} is or was on the team; the certification decision is by a person not involved in the audit. */
    INDEPENDENCE_DECIDER_ON_TEAM("independence.decider-on-team", "ISO/IEC 17065 7.6.1, ISO/IEC 17021-1 9.5.1.2", "user", "audit"),
    /** User {@code user} reviewed the audit; the decision is by another person than the technical reviewer. */
    INDEPENDENCE_DECIDER_REVIEWED("independence.decider-reviewed", "ISO/IEC 17065 7.6.1, ISO/IEC 17021-1 9.5.1.2", "user", "audit"),
    /** User {@code user} was on the team of the suspending audit; a restoration is by a person not involved in it. */
    INDEPENDENCE_RESTORER_ON_TEAM("independence.restorer-on-team", "ISO/IEC 17065 7.6.1", "user", "audit"),

    // ---- the team and the pledge (409 broken-rule)

    /** Member code {@code code} is taken by {@code member}; each member has their own code. */
    TEAM_CODE_TAKEN("team.code-taken", "GB/T 27922 report 1.11 (team list)", "audit", "code", "member"),
    /**
     * User {@code user} is already on the team as {@code member}; a person holds one place on a team. User names are
     * compared regardless of case and width ({@code AUDITOR} and {@code ａｕｄｉｔｏｒ} are {@code auditor}).
     */
    TEAM_USER_TAKEN("team.user-on-team", "ISO/IEC 17021-1 9.2.2", "audit", "user", "member"),
    /** The audit already has its leader {@code leader}; a team has exactly one leader (组长). */
    TEAM_ONE_LEADER("team.one-leader", "ISO/IEC 17021-1 9.2.2", "audit", "leader"),
    /** {@code member} signed the impartiality and confidentiality pledge on {@code signedOn}; it is signed once. */
    PLEDGE_SIGNED_ONCE("pledge.signed-once", "ISO/IEC 17065 4.2, 4.5", "audit", "member", "signedOn"),
    /** {@code member} has not signed the pledge; only the date of a signed pledge is corrected. */
    PLEDGE_NOT_SIGNED("pledge.not-signed", "ISO/IEC 17065 4.2, 4.5", "audit", "member"),
    /** {@code member}'s pledge is already recorded as signed on {@code signedOn}; a correction gives another day. */
    PLEDGE_CORRECTION_SAME_DATE("pledge.correction-same-date", "ISO/IEC 17065 7.12 (records)", "audit", "member",
            "signedOn"),

    // ---- scoring (409 broken-rule); source: GB/T 27922 scoring rules

    /** Scoring starts once the team has its leader. */
    SCORING_NO_LEADER("scoring.no-leader", "ISO/IEC 17021-1 9.2.2", "audit"),
    /** {@code member} scores only after signing the impartiality and confidentiality pledge. */
    SCORING_PLEDGE_UNSIGNED("scoring.pledge-unsigned", "ISO/IEC 17065 4.2, 4.5", "audit", "member"),
    /** Item {@code item} is not applicable; it is scored only after restoring it. */
    ITEM_NOT_APPLICABLE("item.not-applicable", "GB/T 27922 scoring rules: not applicable items", "audit", "item"),
    /** Item {@code item} has a score of {@code percent} %; changing a score needs a reason. */
    ITEM_REVISION_REASON("item.revision-needs-reason", "GB/T 27922 scoring rules, ISO/IEC 17065 7.12 (records)", "audit", "item", "percent"),
    /** Item {@code item} is applicable; only a not-applicable item is restored. */
    ITEM_APPLICABLE("item.applicable", "GB/T 27922 scoring rules: not applicable items", "audit", "item"),
    /** The audit already has its bonus item {@code bonus}; at most one bonus item counts. */
    SPECIAL_ONE_BONUS("special.one-bonus", "GB/T 27922 scoring rules: bonus items", "audit", "bonus"),
    /**
     * The item {@code clause} a special item names is not applicable: an item the organization does not do is left out
     * of the scoring, so no finding deducts from it (a deduction) and no practice earns a bonus on it (a bonus).
     */
    SPECIAL_ITEM_NOT_APPLICABLE("special.item-not-applicable",
            "GB/T 27922 scoring rules: special items, not applicable items", "audit", "clause"),
    /** Special items {@code specialItems} (not withdrawn) name item {@code item}; it is marked not applicable only without them. */
    ITEM_HAS_SPECIAL_ITEMS("item.has-special-items", "GB/T 27922 scoring rules: special items, not applicable items",
            "audit", "item", "specialItems"),

    // ---- the audit's life (409 broken-rule)

    /** The audit was decided {@code outcome} on {@code decidedOn}; nothing of a decided audit changes. */
    AUDIT_DECIDED("audit.decided", "ISO/IEC 17065 7.6", "audit", "outcome", "decidedOn"),
    /** User {@code cancelledBy} cancelled the audit; a cancelled audit takes no change, and is neither reviewed nor decided. */
    AUDIT_CANCELLED("audit.cancelled", "ISO/IEC 17021-1 9.1.3 (audit programme), certaudit workflow", "audit", "cancelledBy"),
    /** The audit was decided {@code outcome} on {@code decidedOn}; a decided audit's record stands and is not cancelled. */
    CANCEL_DECIDED("cancel.decided", "ISO/IEC 17065 7.6, 7.12 (records)", "audit", "outcome", "decidedOn"),
    /**
     * The team recommended {@code grade} (report of {@code reportDate}): the evaluation is complete and goes to review
     * and decision, so the audit is not cancelled unless the leader reopens it.
     */
    CANCEL_RECOMMENDED("cancel.recommended", "ISO/IEC 17065 7.6 (the decision on a completed evaluation)", "audit", "grade",
            "reportDate"),
    /** The audit is already on site from {@code onSiteFrom} to {@code onSiteTo} in the period sent; a rescheduling moves it. */
    RESCHEDULE_SAME_PERIOD("reschedule.same-period", "ISO/IEC 17065 7.12 (records): a change is recorded as one",
            "audit", "onSiteFrom", "onSiteTo"),
    /**
     * The on-site audit began on {@code begunOn}, by {@code today} (the certification body's calendar), and the team has
     * recorded {@code scored} item results (scored or not applicable) on its evidence: a visit that took place is not
     * moved to start after today, on {@code onSiteFrom}.
     */
    RESCHEDULE_VISIT_BEGAN("reschedule.visit-began",
            "ISO/IEC 17021-1 9.4 (the evidence of an audit is collected on site), ISO/IEC 17065 7.12 (records)",
            "audit", "scored", "begunOn", "onSiteFrom", "today"),
    /** The leader recommended {@code grade} on {@code reportDate}; the leader reopens the audit before anything changes. */
    AUDIT_CLOSED("audit.closed", "certaudit workflow", "audit", "grade", "reportDate"),
    /** Members {@code members} have not signed the pledge; every member signs it before the recommendation. */
    RECOMMENDATION_UNSIGNED("recommendation.pledges-unsigned", "ISO/IEC 17065 4.2, 4.5", "audit", "members"),
    /** {@code open} of {@code total} items are neither scored nor not applicable (the first: {@code items}). */
    RECOMMENDATION_OPEN_ITEMS("recommendation.open-items", "GB/T 27922 scoring rules", "audit", "open", "total", "items"),
    /** The report date {@code reportDate} is before the on-site audit began on {@code onSiteFrom}. */
    RECOMMENDATION_REPORT_DATE("recommendation.report-before-on-site", "certaudit workflow: report dates", "audit", "reportDate", "onSiteFrom"),
    /**
     * The report date {@code reportDate} is before the day {@code member} signed the impartiality and confidentiality
     * pledge, {@code signedOn} (the latest pledge of the team as it stands); the team signs before it reports, on the
     * report date itself at the latest.
     */
    RECOMMENDATION_BEFORE_PLEDGE("recommendation.report-before-pledge", "ISO/IEC 17065 4.2, 4.5; certaudit workflow: report dates",
            "audit", "reportDate", "member", "signedOn"),
    /**
     * On the report date {@code reportDate} certificate {@code certificate} is {@code status}, in its validity period from
     * {@code validFrom} to {@code validUntil} (the last one once it expired): none of the statuses {@code allowed} some
     * decision on the audit needs. The decision comes no earlier than the report, and the certificate is in none of them
     * on any later day while the audit awaits it, so a report dated then leaves an audit that can never be decided.
     */
    RECOMMENDATION_AFTER_CERTIFICATE("recommendation.report-after-certificate",
            "ISO/IEC 17065 7.11, ISO/IEC 17021-1 9.6 (a surveillance is decided while its certificate is in force)",
            "audit", "reportDate", "certificate", "status", "allowed", "validFrom", "validUntil"),
    /** The scoring rules give {@code computed} for {@code total} points with {@code deductions} deductions, not {@code grade}. */
    RECOMMENDATION_GRADE("recommendation.grade-not-computed", "GB/T 27922 grading rules", "audit", "computed", "total", "deductions", "grade"),
    /** The audit was decided {@code outcome} on {@code decidedOn}; a decided audit is never reopened. */
    REOPEN_DECIDED("reopen.decided", "ISO/IEC 17065 7.6", "audit", "outcome", "decidedOn"),
    /** The audit is open; only a recommended audit is reopened. */
    REOPEN_OPEN("reopen.open", "certaudit workflow", "audit"),
    /** Only the latest audit of the project is reopened; {@code latest} follows {@code audit}. */
    REOPEN_NOT_LATEST("reopen.not-latest", "ISO/IEC 17021-1 9.1.3", "audit", "latest"),
    /** The audit was decided {@code outcome} on {@code decidedOn}; a decided audit is not reviewed again. */
    REVIEW_DECIDED("review.decided", "ISO/IEC 17065 7.5", "audit", "outcome", "decidedOn"),
    /** {@code reviewer} accepted the audit on {@code reviewedOn}; it awaits the certification decision. */
    REVIEW_ALREADY_ACCEPTED("review.already-accepted", "ISO/IEC 17065 7.5", "audit", "reviewer", "reviewedOn"),
    /** The audit is still with its team; only a recommended audit is reviewed. */
    REVIEW_NOT_RECOMMENDED("review.not-recommended", "ISO/IEC 17065 7.5", "audit"),
    /** The review date {@code reviewedOn} is before the report date {@code reportDate}. */
    REVIEW_BEFORE_REPORT("review.before-report", "ISO/IEC 17065 7.5", "audit", "reviewedOn", "reportDate"),
    /**
     * The review date {@code reviewedOn} is before the technical review returned the audit to its team on
     * {@code returnedOn}: a review of the report given again, accepting or returning, comes after the return it answers.
     */
    REVIEW_BEFORE_RETURN("review.before-return", "ISO/IEC 17065 7.5", "audit", "reviewedOn", "returnedOn"),
    /**
     * On the day of the acceptance {@code reviewedOn} certificate {@code certificate} is {@code status}, in its validity
     * period from {@code validFrom} to {@code validUntil} (the last one once it expired): none of the statuses
     * {@code allowed} some decision on the audit needs. The decision comes no earlier than the acceptance, and the
     * certificate is in none of them on any later day while the audit awaits it, so an acceptance dated then leaves an
     * audit that can never be decided.
     */
    REVIEW_AFTER_CERTIFICATE("review.after-certificate",
            "ISO/IEC 17065 7.5, 7.11, ISO/IEC 17021-1 9.6 (a surveillance is decided while its certificate is in force)",
            "audit", "reviewedOn", "certificate", "status", "allowed", "validFrom", "validUntil"),

    // ---- the certification decision and the certificate (409 broken-rule)

    /** {@code decider} decided {@code outcome} on {@code decidedOn}; a decision stands. */
    DECISION_STANDS("decision.already-decided", "ISO/IEC 17065 7.6", "audit", "outcome", "decider", "decidedOn"),
    /** The audit awaits its technical review; only an audit accepted by technical review is decided. */
    DECISION_AWAITS_REVIEW("decision.awaits-review", "ISO/IEC 17065 7.5, 7.6", "audit"),
    /** The audit is still with its team; only an audit accepted by technical review is decided. */
    DECISION_WITH_TEAM("decision.still-with-team", "ISO/IEC 17065 7.5, 7.6", "audit"),
    /** A {@code type} audit is not decided {@code outcome}; the outcomes it allows are {@code allowed}. */
    DECISION_OUTCOME_FOR_TYPE("decision.outcome-for-type", "ISO/IEC 17065 7.6, 7.11; ISO/IEC 17021-1 9.6", "audit", "type", "outcome", "allowed"),
    /** The decision date {@code decidedOn} is before the technical review on {@code reviewedOn}. */
    DECISION_BEFORE_REVIEW("decision.before-review", "ISO/IEC 17065 7.5, 7.6", "audit", "decidedOn", "reviewedOn"),
    /**
     * The decision date {@code decidedOn} is before {@code changedOn}, the day of the certificate's latest recorded change
     * (a restoration recorded while the audit awaited its decision): the certificate's history is read in date order.
     */
    DECISION_BEFORE_CERTIFICATE_CHANGE("decision.before-certificate-change", "ISO/IEC 17065 7.6, 7.11; ISO/IEC 17021-1 9.6",
            "audit", "decidedOn", "certificate", "changedOn"),
    /** The audit was recommended {@code grade}, not a passing grade, so the certificate is not {@code outcome}. */
    DECISION_NEEDS_PASS("decision.needs-passing-grade", "GB/T 27922 grading rules, ISO/IEC 17065 7.6", "audit", "grade", "outcome"),
    /** A suspension decided on {@code decidedOn} ends after it and by {@code latestEnd} ({@code maxMonths} months); was {@code until}. */
    DECISION_SUSPENSION_PERIOD("decision.suspension-period", "ISO/IEC 17021-1 9.6.5.2", "decidedOn", "maxMonths", "latestEnd", "until"),
    /** Project {@code project} has no certificate. */
    CERTIFICATE_NONE("certificate.none", "ISO/IEC 17065 7.7", "project"),
    /** Certificate {@code certificate} is not issued yet on {@code day}. */
    CERTIFICATE_NOT_ISSUED("certificate.not-issued", "ISO/IEC 17065 7.7", "certificate", "day"),
    /**
     * Certificate {@code certificate} is {@code status} on {@code day}, in its validity period from {@code validFrom} to
     * {@code validUntil} (the period in force on that day, or the last one once it expired); the change needs one of
     * {@code allowed}.
     */
    CERTIFICATE_STATUS("certificate.status", "ISO/IEC 17065 7.11", "certificate", "status", "day", "allowed",
            "validFrom", "validUntil"),

    // ---- the lineage of a project's audits (409 broken-rule); source: ISO/IEC 17021-1 9.1.3 certification cycle

    /** The first audit of project {@code project} is an initial audit, not {@code type}. */
    LINEAGE_FIRST_INITIAL("lineage.first-audit-initial", "ISO/IEC 17021-1 9.1.3", "project", "type"),
    /** Project {@code project} has audit {@code audit} in progress; the next opens after the decision on it. */
    LINEAGE_ONE_AT_A_TIME("lineage.one-at-a-time", "ISO/IEC 17021-1 9.1.3", "project", "audit"),
    /**
     * The next audit of project {@code project} is on site after the certification decision on its previous audit
     * {@code audit}, dated {@code decidedOn}: a certification cycle's audits follow each other.
     */
    LINEAGE_ON_SITE_AFTER_DECISION("lineage.on-site-after-decision", "ISO/IEC 17021-1 9.1.3", "project", "audit", "decidedOn"),
    /** Project {@code project} has no previous audit to copy the team from. */
    LINEAGE_NO_PREDECESSOR("lineage.no-predecessor", "ISO/IEC 17021-1 9.1.3", "project"),
    /**
     * A new initial audit needs no certificate, or one withdrawn, expired or refused; certificate
     * {@code certificate} is {@code status} on {@code day}.
     */
    LINEAGE_INITIAL_WITH_CERTIFICATE("lineage.initial-with-certificate", "ISO/IEC 17021-1 9.1.3", "project", "certificate", "status", "day"),
    /** A surveillance needs a valid or suspended certificate on its first on-site day {@code day}; project {@code project} has {@code certificate} ({@code status}). */
    LINEAGE_SURVEILLANCE_CERTIFICATE("lineage.surveillance-needs-certificate", "ISO/IEC 17021-1 9.1.3, 9.6.2", "project", "certificate", "status", "day"),
    /** A re-certification needs a certificate that was not withdrawn; project {@code project} has {@code certificate} ({@code status}) on {@code day}. */
    LINEAGE_RECERTIFICATION_CERTIFICATE("lineage.recertification-needs-certificate", "ISO/IEC 17021-1 9.1.3, 9.6.3", "project", "certificate", "status", "day"),
    /**
     * Certificate {@code certificate} of project {@code project} expired after {@code validUntil}; a re-certification
     * restores it only when on site by {@code latest}, six months later, and one from {@code day} comes too late: a new
     * initial audit comes next.
     */
    LINEAGE_RECERTIFICATION_LAPSED("lineage.recertification-lapsed",
            "ISO/IEC 17021-1:2015 9.6.3 (restoring certification within 6 months of its expiry; else at least stage 2)",
            "project", "certificate", "validUntil", "latest", "day"),
    /**
     * Certificate {@code certificate} of project {@code project} was already renewed by audit {@code audit}, decided on
     * {@code renewedOn}, for a period from {@code validFrom}; a re-certification on site from {@code day}, before that
     * period begins, would renew a period not yet in force.
     */
    LINEAGE_RECERTIFICATION_RENEWED("lineage.recertification-renewed", "ISO/IEC 17021-1 9.1.3, 9.6.3", "project", "certificate", "audit", "renewedOn", "validFrom", "day"),
    /**
     * Only a suspended certificate is restored; certificate {@code certificate} is {@code status} on {@code day}, in its
     * validity period from {@code validFrom} to {@code validUntil} (the period in force on that day, the last one once it
     * expired, the first one before the issue).
     */
    RESTORATION_NOT_SUSPENDED("restoration.not-suspended", "ISO/IEC 17065 7.11.3", "certificate", "status", "day",
            "validFrom", "validUntil"),
    /** A restoration comes after the suspension it ends, decided on {@code suspendedOn}; was {@code day}. */
    RESTORATION_AFTER_SUSPENSION("restoration.after-suspension", "ISO/IEC 17065 7.11.3", "certificate", "suspendedOn", "day");

    /** The values of {@link #FIELD_JSON_TYPE}'s {@code expected}. */
    public static final List<String> JSON_TYPES = List.of("number", "string", "boolean", "array", "object", "date");
    /** The value of a certificate {@code status} argument when there is no certificate yet on the day. */
    public static final String NOT_ISSUED = "NOT_ISSUED";
    /** The value of a certificate argument when the project has none. */
    public static final String NONE = "NONE";

    private final String code;
    private final String source;
    private final List<String> arguments;

    RuleCode(String code, String source, String... arguments) {
        this.code = code;
        this.source = source;
        this.arguments = List.of(arguments);
    }

    /** The stable code, {@code <area>.<rule>} in lower case with dashes, as {@code errors[].code} carries it. */
    public String code() {
        return code;
    }

    /** Where the rule comes from (a clause of GB/T 27922, ISO/IEC 17065, ISO/IEC 17021-1, RFC 9110, ...). */
    public String source() {
        return source;
    }

    /** The names of the arguments, exactly the members of {@code errors[].arguments}. */
    public List<String> arguments() {
        return arguments;
    }

    public static Optional<RuleCode> of(String code) {
        return Arrays.stream(values()).filter(rule -> rule.code.equals(code)).findFirst();
    }

    /**
     * This rule with its arguments, given as name, value, name, value ... in any order; the names must
     * be exactly {@link #arguments()} (a programming error otherwise). Values become JSON values:
     * numbers and booleans stay, {@code null} stays (none), collections become arrays of strings, anything else its {@code toString()}.
     */
    public RuleViolation with(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalStateException(code + ": arguments come as name, value pairs");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(String.valueOf(namesAndValues[i]), jsonValue(namesAndValues[i + 1]));
        }
        if (!values.keySet().equals(new java.util.HashSet<>(arguments)) || values.size() != arguments.size()) {
            throw new IllegalStateException(code + " takes the arguments " + arguments + ", was given " + values.keySet());
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        arguments.forEach(name -> ordered.put(name, values.get(name)));
        return new RuleViolation(this, ordered);
    }

    private static Object jsonValue(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof java.util.Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }
}
