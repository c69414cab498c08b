package org.certaudit.query.trail;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.audit.AuditId;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.audits.GetAudit;
import org.certaudit.scheme.SchemeCatalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit trail", description = "An audit's events in stream order")
class TrailController {

    private final QueryGateway queries;
    private final SchemeCatalog schemes;
    private final ZoneId zone;

    TrailController(QueryGateway queries, SchemeCatalog schemes,
                    @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.queries = queries;
        this.schemes = schemes;
        this.zone = zone;
    }

    /**
     * One page of the audit's events the filters list, each filter optional and an event listed when it meets them all;
     * the page's totals count the events listed. An empty value is no filter.
     *
     * @throws org.certaudit.query.BadParameterException 400: a {@code type} that names no kind of event
     *         ({@code field.not-one-of} with every kind), a {@code clause} that is no item of the audit's scheme
     *         ({@code reference.unknown-item}), a {@code from} or {@code to} that is no instant or date
     *         ({@code field.instant}, {@code field.date}), {@code from} after {@code to} ({@code period.end-before-start},
     *         naming {@code from}), an {@code order} other than {@code oldest} or {@code newest} ({@code field.not-one-of})
     * @throws NotFoundException 404 for an audit the trail does not know
     */
    @GetMapping("/api/audits/{id}/events")
    @Operation(summary = "The audit's events in order: type, payload, user, request id, time, position and sequence number",
            description = """
                    Filters, each optional, an event listed when it meets them all: type (kinds of event), clause (one \
                    item: its scores, revisions and applicability changes, the special items naming it and their \
                    withdrawals), member (who recorded it), from and to (when it was recorded). order=newest lists the \
                    latest first. totalElements and totalPages count the events listed.""")
    AuditTrail events(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            @Parameter(description = "page number from 0") @RequestParam(defaultValue = "0")
            @Min(0) @Max(RequestParameters.MAX_PAGE) int page,
            @Parameter(description = "events per page, 1 to 200") @RequestParam(defaultValue = "50")
            @Min(1) @Max(RequestParameters.MAX_PAGE_SIZE) int size,
            @Parameter(description = "only these kinds of event, as each entry's type names them (ItemScored, "
                    + "ItemScoreRevised, SpecialItemRecorded, ...), exactly so: comma-separated (type=ItemScored,"
                    + "ItemScoreRevised) or the parameter repeated")
            @RequestParam(required = false) List<String> type,
            @Parameter(description = "only the events about this item of the audit's scheme, by clause (5.2.2.3) or "
                    + "dimension code (B8): its scores, revisions, applicability changes, the special items naming it "
                    + "and their withdrawals")
            @RequestParam(required = false) String clause,
            @Parameter(description = "only the events this user recorded (the entries' user), the user name in any case "
                    + "or width (AUDITOR and ａｕｄｉｔｏｒ are auditor), as the command side compares user names")
            @RequestParam(required = false) String member,
            @Parameter(description = "only the events recorded at or after this instant (ISO-8601 with offset, e.g. "
                    + "2021-06-07T10:00:00Z; send '+' as %2B) or from the start of this date in the certification body's "
                    + "zone (2021-06-07)")
            @RequestParam(required = false) String from,
            @Parameter(description = "only the events recorded at or before this instant or up to the end of this date "
                    + "in the certification body's zone; not before from")
            @RequestParam(required = false) String to,
            @Parameter(description = "oldest (stream order, the default) or newest first")
            @RequestParam(required = false) String order,
            HttpServletRequest request) {
        AuditId auditId = RequestParameters.auditId("id", id);
        // The list is declared so that type may be repeated and is documented as one; its parts are read as sent,
        // since the binding strips the spaces around each.
        Set<String> types = TrailFilter.eventTypes("type", RequestParameters.values(request.getParameterValues("type")));
        String item = clause == null || clause.isEmpty() ? null : clause(auditId, clause);
        Instant start = from == null || from.isEmpty() ? null : RequestParameters.periodStart("from", from, zone);
        Instant end = to == null || to.isEmpty() ? null : RequestParameters.instant("to", to, zone);
        RequestParameters.startNotAfter("from", from, start, "to", to, end);
        TrailOrder listed = TrailOrder.of("order", order);
        TrailFilter filter = new TrailFilter(types, item, member == null || member.isBlank() ? null : member, start, end);
        return queries.query(new GetAuditTrail(auditId, page, size, filter, listed),
                        ResponseTypes.optionalInstanceOf(AuditTrail.class))
                .join()
                .orElseThrow(() -> new NotFoundException("no audit " + id));
    }

    /** The clause of the item {@code value} names in the audit's scheme; 404 for an audit not known. */
    private String clause(AuditId auditId, String value) {
        AuditDetail audit = queries.query(new GetAudit(auditId), ResponseTypes.optionalInstanceOf(AuditDetail.class)).join()
                .orElseThrow(() -> new NotFoundException("no audit " + auditId));
        return RequestParameters.item("clause", value, schemes.pinned(audit.schemeId(), audit.schemeVersion()), auditId)
                .clause();
    }
}
