package org.certaudit.query.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/processors")
@Tag(name = "Operations", description = "The projections' processors: status and rebuild (ADMIN only)")
class ProcessorsController {

    private final ProcessorOperations operations;

    ProcessorsController(ProcessorOperations operations) {
        this.operations = operations;
    }

    @GetMapping
    @Operation(summary = "Every projection processor: position, head position, lag, error, rebuild progress")
    List<ProcessorStatus> all() {
        return operations.statuses();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One processor's status and the progress of its last rebuild")
    ProcessorStatus one(@Parameter(description = "processor name, e.g. audit-scorecards") @PathVariable String name) {
        return operations.status(name);
    }

    @PostMapping("/{name}/rebuild")
    @Operation(summary = "Empty the read model and replay every event into it; follow the progress at the Location")
    ResponseEntity<ProcessorStatus> rebuild(@Parameter(description = "processor name, e.g. audit-scorecards") @PathVariable String name) {
        ProcessorStatus status = operations.rebuild(name);
        return ResponseEntity.accepted().location(URI.create("/api/admin/processors/" + name)).body(status);
    }
}
