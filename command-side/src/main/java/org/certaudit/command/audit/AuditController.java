package org.certaudit.command.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.command.audit.AuditRequests.CancellationRequest;
import org.certaudit.command.audit.AuditRequests.DecisionRequest;
import org.certaudit.command.audit.AuditRequests.FindingsRequest;
import org.certaudit.command.audit.AuditRequests.NotApplicableRequest;
import org.certaudit.command.audit.AuditRequests.OpenAuditRequest;
import org.certaudit.command.audit.AuditRequests.PledgeCorrectionRequest;
import org.certaudit.command.audit.AuditRequests.PledgeRequest;
import org.certaudit.command.audit.AuditRequests.RecommendationRequest;
import org.certaudit.command.audit.AuditRequests.ReopenRequest;
import org.certaudit.command.audit.AuditRequests.RescheduleRequest;
import org.certaudit.command.audit.AuditRequests.ReviewRequest;
import org.certaudit.command.audit.AuditRequests.ScoreRequest;
import org.certaudit.command.audit.AuditRequests.SpecialItemRequest;
import org.certaudit.command.audit.AuditRequests.TeamMemberRequest;
import org.certaudit.command.web.InvalidFieldException;
import org.certaudit.command.web.Versions;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.web.RuleCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit workflow over HTTP: one endpoint per command. Each answers the audit's new version
 * in the body and as {@code ETag}; each takes an optional {@code If-Match} with the version the
 * caller decided on. Who may call which endpoint by role is the security configuration's
 * business; whether this user is on this audit's team, and its leader, the audit's.
 */
@RestController
@RequestMapping(path = "/api/audits", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audits", description = "Open an audit, staff its team, sign pledges (and correct their dates), score, "
        + "record findings, recommend, review, decide, reschedule the on-site audit, cancel")
class AuditController {

    private static final String IF_MATCH_DESCRIPTION =
            "The audit version (ETag) this change is based on; a different current version gets 412 and changes nothing";

    private final CommandGateway commands;
    private final SchemeCatalog schemes;
    private final OnSiteHorizon horizon;

    AuditController(CommandGateway commands, SchemeCatalog schemes, OnSiteHorizon horizon) {
        this.commands = commands;
        this.schemes = schemes;
        this.horizon = horizon;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Open an audit (ADMIN)", description = """
            Opens the next audit of a project; the project gives it its number (<project>.<n>). Lineage rules, \
            judged on the first on-site day: the first audit is INITIAL; one audit at a time (the next opens after \
            the certification decision on the previous one); SURVEILLANCE needs a VALID or SUSPENDED certificate; \
            RECERTIFICATION a certificate that was not withdrawn; a new INITIAL no certificate, or one withdrawn, \
            expired or refused. A SURVEILLANCE or RECERTIFICATION takes organization, scope and criteria from its \
            predecessor when omitted, and its team with copyTeam=true (pledges are signed afresh). The scheme is \
            pinned to the catalogue version in force. onSiteFrom is at most certaudit.audits.on-site-horizon-days \
            (default 366) days after today on the certification body's calendar (400 open.on-site-too-far-ahead \
            naming onSiteFrom, with the latest day allowed).""")
    @ApiResponse(responseCode = "201", description = "Opened; Location names the audit", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditChange.class),
            examples = @ExampleObject(value = "{\"auditId\":\"0455-2021-SE.1\",\"version\":0}")))
    ResponseEntity<AuditChange> open(@Valid @RequestBody OpenAuditRequest request,
                                     // Not offered: there is no audit yet whose version the caller could have seen.
                                     @Parameter(hidden = true)
                                     @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        OpenAudit command = request.toCommand();
        horizon.require(command.onSiteFrom(), "onSiteFrom");
        if (schemes.current(command.schemeId()).isEmpty()) {
            throw new InvalidFieldException("schemeId",
                    RuleCode.REFERENCE_SCHEME.with("scheme", command.schemeId(), "knownSchemes", schemes.ids()),
                    "'" + command.schemeId() + "' is not a known scheme; known: "
                    + String.join(", ", schemes.ids()));
        }
        AuditChange change = send(null, command, ifMatch);
        return created(URI.create("/api/audits/" + change.auditId()), change);
    }

    @PostMapping(path = "/{id}/team", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Assign a team member (ADMIN)",
            description = "Codes and user names are unique on a team; a team has exactly one LEADER.")
    @ApiResponse(responseCode = "201", description = "Assigned; Location names the member")
    ResponseEntity<AuditChange> assign(@PathVariable String id, @Valid @RequestBody TeamMemberRequest request,
                                       @Parameter(description = IF_MATCH_DESCRIPTION)
                                       @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        AuditChange change = send(auditId, request.toCommand(auditId), ifMatch);
        return created(URI.create("/api/audits/" + auditId + "/team/" + request.code()), change);
    }

    @DeleteMapping("/{id}/team/{code}")
    @Operation(summary = "Remove a team member (ADMIN)", description = """
            With a reason, which the trail keeps. Their pledge goes with them; their earlier actions stay.""")
    ResponseEntity<AuditChange> remove(@PathVariable String id,
                                       @PathVariable @Pattern(regexp = "[A-Z]{1,2}",
                                               message = "must be one or two capital letters") String code,
                                       @RequestParam @NotBlank @Size(max = 2000) String reason,
                                       @Parameter(description = IF_MATCH_DESCRIPTION)
                                       @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new RemoveTeamMember(auditId, code, reason), ifMatch));
    }

    @PostMapping(path = "/{id}/pledges", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Sign the impartiality and confidentiality pledge (the signing team member)",
            description = "Each member signs for themselves, once, with the date; no member scores before signing.")
    ResponseEntity<AuditChange> sign(@PathVariable String id, @Valid @RequestBody PledgeRequest request,
                                     @Parameter(description = IF_MATCH_DESCRIPTION)
                                     @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new SignPledge(auditId, request.memberCode(), request.signedOn()), ifMatch));
    }

    @PutMapping(path = "/{id}/pledges/{memberCode}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Correct the date of one's own pledge (the signing team member)", description = """
            Each member corrects only their own signed pledge, on an open audit (a returned one included), to \
            another day, with a reason. The earlier day stays in the audit's trail; the report prints the corrected \
            one.""")
    ResponseEntity<AuditChange> correctPledge(@PathVariable String id,
                                              @PathVariable @Pattern(regexp = "[A-Z]{1,2}",
                                                      message = "must be one or two capital letters") String memberCode,
                                              @Valid @RequestBody PledgeCorrectionRequest request,
                                              @Parameter(description = IF_MATCH_DESCRIPTION)
                                              @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new CorrectPledgeDate(auditId, memberCode, request.signedOn(), request.reason()),
                ifMatch));
    }

    @PutMapping(path = "/{id}/items/{item}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Score an item (a signed team member)", description = """
            The item is a clause (5.2.2.3) or dimension code (B8). Percent 0 to 100 with up to 2 decimals and \
            the evidence note. Changing an existing score needs a reason; the same percent and note again \
            change nothing (same version answered). A not-applicable item must be restored first.""")
    ResponseEntity<AuditChange> score(@PathVariable String id, @PathVariable @NotBlank String item,
                                      @Valid @RequestBody ScoreRequest request,
                                      @Parameter(description = IF_MATCH_DESCRIPTION)
                                      @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, request.toCommand(auditId, item), ifMatch));
    }

    @PutMapping(path = "/{id}/items/{item}/not-applicable", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Mark an item not applicable, or revise why it is (a signed team member)",
            description = """
                    With a reason; any score it had no longer counts. On an item already not applicable, another \
                    reason revises it (ItemNotApplicableReasonRevised, the earlier reason staying recorded) and the \
                    same reason again changes nothing (same version answered).""")
    ResponseEntity<AuditChange> markNotApplicable(@PathVariable String id, @PathVariable @NotBlank String item,
                                                  @Valid @RequestBody NotApplicableRequest request,
                                                  @Parameter(description = IF_MATCH_DESCRIPTION)
                                                  @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new MarkItemNotApplicable(auditId, item, request.reason()), ifMatch));
    }

    @DeleteMapping("/{id}/items/{item}/not-applicable")
    @Operation(summary = "Restore a not-applicable item (a signed team member)",
            description = """
                    With a reason, as any change to a recorded result has one. The item counts again and needs a \
                    score before the recommendation.""")
    ResponseEntity<AuditChange> restore(@PathVariable String id, @PathVariable @NotBlank String item,
                                        @RequestParam @NotBlank @Size(max = 2000) String reason,
                                        @Parameter(description = IF_MATCH_DESCRIPTION)
                                        @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new RestoreItemApplicability(auditId, item, reason), ifMatch));
    }

    @PostMapping(path = "/{id}/special-items", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record a special item (a signed team member)", description = """
            DEDUCTION: one point off, with the finding and the clause it breaks. BONUS: one point on, at most \
            one per audit (GB/T 27922). Both with a reason. The answer carries the special item's id.""")
    @ApiResponse(responseCode = "201", description = "Recorded; Location names the special item", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditChange.class),
            examples = @ExampleObject(value = "{\"auditId\":\"0455-2021-SE.1\",\"version\":152,\"specialItemId\":\"S1\"}")))
    ResponseEntity<AuditChange> recordSpecialItem(@PathVariable String id, @Valid @RequestBody SpecialItemRequest request,
                                                  @Parameter(description = IF_MATCH_DESCRIPTION)
                                                  @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        AuditChange change = send(auditId, request.toCommand(auditId), ifMatch);
        return created(URI.create("/api/audits/" + auditId + "/special-items/" + change.specialItemId()), change);
    }

    @DeleteMapping("/{id}/special-items/{specialItemId}")
    @Operation(summary = "Withdraw a special item (a signed team member)", description = "With a reason.")
    ResponseEntity<AuditChange> withdrawSpecialItem(@PathVariable String id, @PathVariable @NotBlank String specialItemId,
                                                    @RequestParam @NotBlank @Size(max = 2000) String reason,
                                                    @Parameter(description = IF_MATCH_DESCRIPTION)
                                                    @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new WithdrawSpecialItem(auditId, specialItemId, reason), ifMatch));
    }

    @PutMapping(path = "/{id}/findings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record the findings (a signed team member)",
            description = "Strengths and improvement directions as they now stand; the same findings again change nothing.")
    ResponseEntity<AuditChange> findings(@PathVariable String id, @Valid @RequestBody FindingsRequest request,
                                         @Parameter(description = IF_MATCH_DESCRIPTION)
                                         @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new RecordFindings(auditId, request.strengths(), request.improvements()), ifMatch));
    }

    @PostMapping(path = "/{id}/recommendation", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Recommend a grade (the audit's leader)", description = """
            Refused unless every member signed, every item is scored or not applicable, and the grade is the \
            one the scoring rules compute (or NOT_GRADED). Records the total, the grade and the report date; \
            the audit is then closed for changes until the leader reopens it.""")
    @ApiResponse(responseCode = "200", description = "Recommended; with the total and grade the scoring rules gave",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditChange.class),
                    examples = @ExampleObject(value = "{\"auditId\":\"0455-2021-SE.1\",\"version\":160,"
                            + "\"total\":145.75,\"grade\":\"TEN_STAR\"}")))
    ResponseEntity<AuditChange> recommend(@PathVariable String id, @Valid @RequestBody RecommendationRequest request,
                                          @Parameter(description = IF_MATCH_DESCRIPTION)
                                          @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new RecommendGrade(auditId, request.grade(), request.reportDate()), ifMatch));
    }

    @PostMapping(path = "/{id}/reopen", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reopen a recommended audit (the audit's leader)",
            description = "With a reason; only the project's latest audit can be reopened.")
    ResponseEntity<AuditChange> reopen(@PathVariable String id, @Valid @RequestBody ReopenRequest request,
                                       @Parameter(description = IF_MATCH_DESCRIPTION)
                                       @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new ReopenAudit(auditId, request.reason()), ifMatch));
    }

    @PutMapping(path = "/{id}/on-site", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reschedule the on-site audit (ADMIN)", description = """
            Moves the audit's on-site period (onSiteFrom, onSiteTo, onSiteDays, and the half-days when said) to the \
            one sent, all of it, with a reason (400 field.required naming reason without one). The period meets the \
            opening's rules: 400 open.on-site-order, open.on-site-half-day-order, open.on-site-days, \
            open.on-site-half-days naming the field, and open.on-site-too-far-ahead naming onSiteFrom. Only while the \
            team has not recommended a grade (409 audit.closed: the leader reopens it first), not after the decision \
            (409 audit.decided) and not for a cancelled audit (409 audit.cancelled). The lineage rules are judged again \
            on the new first day (409 lineage.on-site-after-decision, lineage.surveillance-needs-certificate, ...); a \
            visit that took place, with results recorded, is not moved into the future: an audit whose period in force \
            began by today and whose team has scored or marked not applicable any item is not given a period starting \
            after today (409 reschedule.visit-began); the same period again is 409 reschedule.same-period. The event \
            carries the period it replaces, which stays in the trail; the report prints the period in force.""")
    ResponseEntity<AuditChange> reschedule(@PathVariable String id, @Valid @RequestBody RescheduleRequest request,
                                           @Parameter(description = IF_MATCH_DESCRIPTION)
                                           @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        OnSitePeriod period = request.period();
        horizon.require(period.from(), "onSiteFrom");
        return ok(send(auditId, new RescheduleOnSiteAudit(auditId, period, request.reason(), horizon.today()), ifMatch));
    }

    @PostMapping(path = "/{id}/cancellation", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel an audit that is not yet decided (ADMIN)", description = """
            With a reason (400 field.required naming reason without one). An open, recommended or reviewed audit \
            may be cancelled; a decided one is not (409 cancel.decided: its record stands). Afterwards the audit \
            takes no change, review or decision (409 audit.cancelled, also for a second cancellation), its events \
            stay in the trail, and the project may open its next audit, which goes on from the latest audit that \
            was not cancelled (its predecessor, and the one whose decision it follows).""")
    ResponseEntity<AuditChange> cancel(@PathVariable String id, @Valid @RequestBody CancellationRequest request,
                                       @Parameter(description = IF_MATCH_DESCRIPTION)
                                       @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, new CancelAudit(auditId, request.reason()), ifMatch));
    }

    @PostMapping(path = "/{id}/review", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Technical review (REVIEWER, not on the team)", description = """
            Only a recommended audit is reviewed, once, by a person who is not and was not on its team \
            (ISO/IEC 17065 7.5). ACCEPT (with an optional note) sends it to a decider; RETURN (with findings, and no \
            note: the findings are what it says) sends it back to the team: \
            the recommendation no longer stands and the leader recommends again. Reopening the audit withdraws \
            an acceptance.""")
    ResponseEntity<AuditChange> review(@PathVariable String id, @Valid @RequestBody ReviewRequest request,
                                       @Parameter(description = IF_MATCH_DESCRIPTION)
                                       @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        return ok(send(auditId, request.toCommand(auditId), ifMatch));
    }

    @PostMapping(path = "/{id}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Certification decision (DECIDER, neither on the team nor its reviewer)", description = """
            On an audit accepted by technical review, by a person not involved in the audit nor its review \
            (ISO/IEC 17065 7.6, ISO/IEC 17021-1 9.5). If-Match with a version is required (* is refused): the \
            decision rests on the version the decider saw, and any other current version gets 412. INITIAL and \
            RECERTIFICATION: GRANT (a certificate valid 3 years from the decision date, or renewed) or REFUSE. \
            SURVEILLANCE: MAINTAIN (the certificate takes the decided grade), SUSPEND (with suspendedUntil, at most \
            6 months ahead) or WITHDRAW (final). The decision records the total, grade and version it rests on and the reason.""")
    ResponseEntity<AuditChange> decide(@PathVariable String id, @Valid @RequestBody DecisionRequest request,
                                       @Parameter(description = "The audit version (ETag) the decider saw; required",
                                               required = true)
                                       @RequestHeader(value = Versions.IF_MATCH, required = false) String ifMatch) {
        AuditId auditId = auditId(id);
        Long seen = Versions.expected(ifMatch);
        if (seen == null) {
            // "*" matches any current version (RFC 9110 13.1.1): sent, but no version, which is what the rule asks for.
            throw new InvalidFieldException(Versions.IF_MATCH, RuleCode.VERSION_IF_MATCH_REQUIRED.with(),
                    (ifMatch == null ? "is required" : "must be an audit version, not * (any version)")
                    + ": a decision rests on the audit version the decider saw (its ETag, e.g. \"7\"), "
                    + "not on whatever is current");
        }
        return ok(send(auditId, request.toCommand(auditId, seen), null));
    }

    private AuditChange send(AuditId auditId, Object command, String ifMatch) {
        Long expected = Versions.expected(ifMatch);
        MetaData metaData = expected == null ? MetaData.emptyInstance()
                : MetaData.with(AuditMetaData.EXPECTED_VERSION, expected);
        try {
            return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (AggregateNotFoundException e) {
            throw new UnknownReferenceException(RuleCode.REFERENCE_AUDIT.with("audit", auditId),
                    "audit " + auditId + " does not exist");
        }
    }

    private static AuditId auditId(String id) {
        try {
            return new AuditId(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("id", RuleCode.FIELD_MALFORMED_ID.with("value", id), e.getMessage());
        }
    }

    private static ResponseEntity<AuditChange> ok(AuditChange change) {
        return ResponseEntity.ok().eTag(Versions.etag(change.version())).body(change);
    }

    private static ResponseEntity<AuditChange> created(URI location, AuditChange change) {
        return ResponseEntity.status(HttpStatus.CREATED).location(location).eTag(Versions.etag(change.version()))
                .body(change);
    }
}
