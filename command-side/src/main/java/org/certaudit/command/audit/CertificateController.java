package org.certaudit.command.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.command.audit.AuditRequests.RestorationRequest;
import org.certaudit.command.web.InvalidFieldException;
import org.certaudit.command.web.Versions;
import org.certaudit.web.RuleCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's certificate over HTTP, where it changes without an audit decision: lifting a
 * suspension. Issue, maintenance, suspension, withdrawal and renewal are decisions on an audit
 * ({@code POST /api/audits/{id}/decision}).
 */
@RestController
@RequestMapping(path = "/api/projects/{projectNumber}/certificate", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Certificates", description = "Restore a suspended certificate")
class CertificateController {

    private final CommandGateway commands;

    CertificateController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping(path = "/restoration", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Restore a suspended certificate (DECIDER, not on the suspending audit's team)",
            description = "The certificate must be SUSPENDED on restoredOn; it is VALID again from that day.")
    ResponseEntity<AuditChange> restore(@PathVariable String projectNumber, @Valid @RequestBody RestorationRequest request,
                                        @Parameter(description = "The project version (ETag) this is based on; "
                                                + "a different current version gets 412")
                                        @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        ProjectNumber project;
        try {
            project = new ProjectNumber(projectNumber);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("projectNumber", RuleCode.FIELD_MALFORMED_ID.with("value", projectNumber),
                    e.getMessage());
        }
        Long expected = Versions.expected(ifMatch);
        MetaData metaData = expected == null ? MetaData.emptyInstance()
                : MetaData.with(AuditMetaData.EXPECTED_VERSION, expected);
        try {
            AuditChange change = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new RestoreCertificate(project, request.restoredOn(), request.reason())).andMetaData(metaData));
            return ResponseEntity.ok().eTag(Versions.etag(change.version())).body(change);
        } catch (AggregateNotFoundException e) {
            throw new UnknownReferenceException(RuleCode.REFERENCE_PROJECT.with("project", project),
                    "project " + project + " does not exist");
        }
    }
}
