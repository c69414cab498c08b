package org.certaudit.query.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.audit.AuditId;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.audits.GetAudit;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeItem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Item history", description = "How one item's score changed and why")
class ItemHistoryController {

    private final QueryGateway queries;
    private final SchemeCatalog schemes;

    ItemHistoryController(QueryGateway queries, SchemeCatalog schemes) {
        this.queries = queries;
        this.schemes = schemes;
    }

    @GetMapping("/api/audits/{id}/items/{clause}/history")
    @Operation(summary = "Every change to one item, oldest first: old and new result, note, reason, user, time and event position")
    List<ItemChange> history(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            // Blank text where text is required is a 400 naming it, as the command side's {item} is (README, Problems).
            @Parameter(description = "the item's clause (5.2.2.3) or dimension code (B8)") @PathVariable @NotBlank
            String clause) {
        AuditId auditId = RequestParameters.auditId("id", id);
        AuditDetail audit = queries.query(new GetAudit(auditId), ResponseTypes.optionalInstanceOf(AuditDetail.class)).join()
                .orElseThrow(() -> new NotFoundException("no audit " + id));
        Scheme scheme = schemes.pinned(audit.schemeId(), audit.schemeVersion());
        SchemeItem item = scheme.find(clause)
                .orElseThrow(() -> new NotFoundException("no item '" + clause + "' in scheme " + scheme));
        return queries.query(new GetItemHistory(auditId, item.clause()), ResponseTypes.multipleInstancesOf(ItemChange.class))
                .join();
    }
}
