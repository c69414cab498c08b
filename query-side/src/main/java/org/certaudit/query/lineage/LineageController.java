package org.certaudit.query.lineage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Lineage", description = "A project's audits across certification cycles")
class LineageController {

    private final QueryGateway queries;

    LineageController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/projects/{projectNumber}/lineage")
    @Operation(summary = "The project's audits in order with cycle, dates, status, total, grade and item changes against the predecessor")
    ProjectLineage lineage(@Parameter(description = "project number, e.g. 0455-2021-SE") @PathVariable String projectNumber) {
        return queries.query(new GetProjectLineage(RequestParameters.projectNumber("projectNumber", projectNumber)),
                        ResponseTypes.optionalInstanceOf(ProjectLineage.class))
                .join()
                .orElseThrow(() -> new NotFoundException("no audits of project " + projectNumber));
    }
}
