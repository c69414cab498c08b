package org.certaudit.query.trail;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit trail", description = "An audit's events in stream order")
class TrailController {

    private final QueryGateway queries;

    TrailController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/audits/{id}/events")
    @Operation(summary = "The audit's events in order: type, payload, user, request id, time, position and sequence number")
    AuditTrail events(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            @Parameter(description = "page number from 0") @RequestParam(defaultValue = "0")
            @Min(0) @Max(RequestParameters.MAX_PAGE) int page,
            @Parameter(description = "events per page, 1 to 200") @RequestParam(defaultValue = "50")
            @Min(1) @Max(RequestParameters.MAX_PAGE_SIZE) int size) {
        return queries.query(new GetAuditTrail(RequestParameters.auditId("id", id), page, size),
                        ResponseTypes.optionalInstanceOf(AuditTrail.class))
                .join()
                .orElseThrow(() -> new NotFoundException("no audit " + id));
    }
}
