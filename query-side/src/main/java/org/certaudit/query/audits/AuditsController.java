package org.certaudit.query.audits;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import java.time.LocalDate;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.query.BadParameterException;
import org.certaudit.scheme.Grade;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.web.RuleCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/audits")
@Tag(name = "Audits", description = "Audits as a list and one by one")
class AuditsController {

    private final QueryGateway queries;

    AuditsController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "Audits matching the filters, by project number and audit number; an unknown parameter is refused")
    AuditList list(
            @Parameter(description = "only this project's audits, e.g. 0455-2021-SE") @RequestParam(required = false) String projectNumber,
            @Parameter(description = "OPEN, FINISHED or REOPENED") @RequestParam(required = false) String status,
            @Parameter(description = "INITIAL, SURVEILLANCE or RECERTIFICATION") @RequestParam(required = false) String type,
            @Parameter(description = "part of the organization's name, any case, e.g. 隆威")
            @RequestParam(required = false) String organization,
            @Parameter(description = "audits whose on-site period ends on or after this day (yyyy-MM-dd)")
            @RequestParam(required = false) String onSiteFrom,
            @Parameter(description = "audits whose on-site period starts on or before this day (yyyy-MM-dd)")
            @RequestParam(required = false) String onSiteTo,
            @Parameter(description = "audits recommended at this grade, e.g. TEN_STAR")
            @RequestParam(required = false) String grade,
            @Parameter(description = "page number from 0") @RequestParam(defaultValue = "0")
            @Min(0) @Max(RequestParameters.MAX_PAGE) int page,
            @Parameter(description = "audits per page, 1 to 200") @RequestParam(defaultValue = "20")
            @Min(1) @Max(RequestParameters.MAX_PAGE_SIZE) int size) {
        String project = projectNumber == null || projectNumber.isEmpty()
                ? null
                : RequestParameters.projectNumber("projectNumber", projectNumber).value();
        if (organization != null && organization.codePointCount(0, organization.length()) > 300) {
            throw new BadParameterException("organization", RuleCode.FIELD_SIZE.with("min", 0, "max", 300),
                    "must be at most 300 characters");
        }
        LocalDate from = RequestParameters.date("onSiteFrom", onSiteFrom);
        LocalDate to = RequestParameters.date("onSiteTo", onSiteTo);
        RequestParameters.notBefore("onSiteTo", to, "onSiteFrom", from);
        FindAudits query = new FindAudits(project,
                RequestParameters.enumValue("status", status, AuditStatus.class),
                RequestParameters.enumValue("type", type, AuditType.class),
                organization == null || organization.isBlank() ? null : organization.strip(), from, to,
                RequestParameters.enumValue("grade", grade, Grade.class), page, size);
        return queries.query(query, ResponseTypes.instanceOf(AuditList.class)).join();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One audit: header, organization, team, pledge signatures and their timing warnings, status and version",
            description = """
                    pledgeTimingWarnings: where the team did not commit to impartiality before it worked (ISO/IEC \
                    17021-1 5.2, ISO/IEC 17065 4.2), as of the audit's version; empty when it did. Each has a kind: \
                    WORK_BEFORE_PLEDGE (the member recorded a score, finding or special item on a day before signedOn: \
                    records, firstWorkOn, firstWork, firstSubject) or PLEDGE_AFTER_ON_SITE (signedOn is after \
                    onSiteFrom, the first day of the on-site period in force), with memberCode, memberName and \
                    signedOn. Warnings only: nothing is refused for them.""")
    AuditDetail detail(@Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id) {
        AuditId auditId = RequestParameters.auditId("id", id);
        AuditDetail detail = queries.query(new GetAudit(auditId), ResponseTypes.optionalInstanceOf(AuditDetail.class))
                .join()
                .orElseThrow(() -> new NotFoundException("no audit " + id));
        // As of the detail's version, so that the warnings speak of the team and pledges the answer shows.
        return detail.withPledgeTimingWarnings(queries.query(new FindPledgeTimingWarnings(auditId, detail.version()),
                ResponseTypes.multipleInstancesOf(PledgeTimingWarning.class)).join());
    }
}
