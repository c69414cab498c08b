package org.certaudit.query.scorecard;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.audit.AuditId;
import org.certaudit.query.BadParameterException;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.RuleCode;
import org.certaudit.web.StrictJson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/audits/{id}/scorecard")
@Tag(name = "Scorecard", description = "An audit's scorecard now, at a version or an instant, and what changed between two points")
class ScorecardController {

    /** Seconds a client refused for too many open streams is asked to wait ({@code Retry-After}). */
    static final int RETRY_AFTER_SECONDS = 10;

    private final QueryGateway queries;
    private final ZoneId zone;
    private final ScorecardUpdates updates;
    private final ProjectVersions versions;

    ScorecardController(QueryGateway queries, @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone,
                        ScorecardUpdates updates, ProjectVersions versions) {
        this.queries = queries;
        this.zone = zone;
        this.updates = updates;
        this.versions = versions;
    }

    @GetMapping
    @Operation(summary = "The scorecard: every item, section and part, special items, totals and grade")
    ScorecardView scorecard(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            @Parameter(description = "show it as it stood at this instant (ISO-8601 with offset, e.g. 2021-06-07T10:00:00Z; "
                    + "send '+' as %2B) or at the end of this date in the certification body's zone (2021-06-07)")
            @RequestParam(required = false) String asOf,
            @Parameter(description = "show it as it stood at this version (project-stream sequence number)")
            @RequestParam(required = false) String atVersion) {
        AuditId auditId = RequestParameters.auditId("id", id);
        RequestParameters.atMostOne("asOf", asOf, "atVersion", atVersion);
        if (asOf == null && atVersion == null) {
            return current(auditId);
        }
        PointInTime point = asOf != null
                ? PointInTime.asOf(RequestParameters.pastInstant("asOf", asOf, zone))
                : PointInTime.atVersion(RequestParameters.version("atVersion", atVersion));
        // The point is replayed from the store; the read model is asked only to tell an unknown audit apart.
        Optional<ScorecardView> then = queries.query(new GetScorecardAt(auditId, point),
                ResponseTypes.optionalInstanceOf(ScorecardView.class)).join();
        if (then.isPresent()) {
            versions.requireReached("atVersion", auditId, point, then.get().version());
            return then.get();
        }
        current(auditId);
        throw new NotFoundException("audit " + id + " was not opened yet at " + point);
    }

    /**
     * The audit's scorecard version, live: the current version at once, then each later version as soon as the
     * scorecard shows it (a {@code GET .../scorecard} made after receiving version N shows N or later). Events are
     * {@code event: scorecard}, {@code id: <version>}, {@code data: {"auditId":"0455-2021-SE.1","version":N}}; a
     * comment every 15 s keeps idle connections open; the server ends the stream after 5 minutes and
     * {@code EventSource} reconnects by itself (both configurable, {@link ScorecardUpdates}). Versions can be skipped
     * (one per batch of the projection) and never go backwards on one stream. An unknown or malformed id is the same
     * problem as for the scorecard, before any stream starts, and so is a {@code Last-Event-ID} that is no version
     * (400 naming the header); 503 with {@code Retry-After} when the server's streams
     * are all open.
     */
    @GetMapping(value = "/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The scorecard's version, pushed as Server-Sent Events whenever it changes (current version first)",
            responses = {
                    @ApiResponse(responseCode = "200", description = "A text/event-stream: event 'scorecard', id = the "
                            + "version, data = {\"auditId\":\"0455-2021-SE.1\",\"version\":42}; first the current "
                            + "version, then each later one as the scorecard shows it; ':heartbeat' comments every 15 s",
                            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                                    schema = @Schema(implementation = ScorecardUpdates.ScorecardVersion.class))),
                    @ApiResponse(responseCode = "503", description = "Every allowed update stream is open; try again after "
                            + "Retry-After seconds (or read the scorecard)",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE),
                            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
                                    schema = @Schema(type = "integer")))})
    SseEmitter updates(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            @Parameter(in = ParameterIn.HEADER, description = "the id (version) of the last event received, which "
                    + "EventSource sends on reconnecting; the stream starts with the current version either way")
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        AuditId auditId = RequestParameters.auditId("id", id);
        if (lastEventId != null) {
            // Not needed to resume (the stream starts with the current version), but an id this stream never sent is
            // a client's mistake to name rather than ignore.
            RequestParameters.version("Last-Event-ID", lastEventId);
        }
        // The current version is read after the stream is registered, so no batch committed meanwhile is missed;
        // an unknown audit ends the stream before it starts (404).
        return updates.subscribe(auditId, () -> current(auditId).version());
    }

    /**
     * HEAD of the stream would hold a stream open with nothing to send: 405 with {@code Allow: GET}, a problem like
     * every refusal, instead of the stream.
     */
    @Hidden
    @RequestMapping(path = "/updates", method = RequestMethod.HEAD)
    void updatesHead() throws HttpRequestMethodNotSupportedException {
        throw new HttpRequestMethodNotSupportedException("HEAD", List.of("GET"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException e) {
        ProblemDetail problem = ProblemFormat.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemFormat.UNAVAILABLE, e.getMessage());
        problem.setTitle("Too many update streams");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @GetMapping("/diff")
    @Operation(summary = "The items whose score or applicability changed between two points, with totals and grade before and after",
            description = """
                    items: each item scored, revised, marked not applicable or restored between the points (before, after). \
                    specialItems: each special item (deduction or bonus) recorded or withdrawn between them, with its \
                    clause and finding; before or after is null where it was not recorded yet, else says whether it \
                    was withdrawn there. Nothing differs only when both lists are empty.""")
    ScorecardDiff diff(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            @Parameter(description = "a version (whole number), an instant (ISO-8601 with offset, '+' as %2B) or a date (its end)") @RequestParam String from,
            @Parameter(description = "a version, an instant or a date; now when left out") @RequestParam(required = false) String to) {
        AuditId auditId = RequestParameters.auditId("id", id);
        PointInTime start = point("from", from);
        PointInTime end = to == null ? PointInTime.NOW : point("to", to);
        Optional<ScorecardDiff> diff = queries.query(new GetScorecardDiff(auditId, start, end),
                ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).join();
        if (diff.isPresent()) {
            versions.requireReached("from", auditId, start, diff.get().from().version());
            versions.requireReached("to", auditId, end, diff.get().to().version());
            return diff.get();
        }
        current(auditId);
        throw new NotFoundException("audit " + id + " was not opened yet at " + end);
    }

    private ScorecardView current(AuditId auditId) {
        Optional<ScorecardView> current = queries.query(new GetScorecard(auditId),
                ResponseTypes.optionalInstanceOf(ScorecardView.class)).join();
        return current.orElseThrow(() -> new NotFoundException("no audit " + auditId));
    }

    /** A whole number is a version; anything else must be an instant. */
    private PointInTime point(String parameter, String value) {
        // Read as sent: a padded " 1" is no version here, as atVersion refuses it (and no instant either).
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return PointInTime.atVersion(RequestParameters.version(parameter, value));
        }
        if (!value.equals(value.strip()) && !value.strip().isEmpty()
                && value.strip().chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadParameterException(parameter, RuleCode.FIELD_NOT_A_NUMBER.with("value", value),
                    parameter + " must be a version in ASCII digits without spaces, was '" + value + "'");
        }
        if (value.startsWith("-") && value.substring(1).chars().allMatch(Character::isDigit)) {
            throw new BadParameterException(parameter, RuleCode.FIELD_MIN.with("value", 0),
                    parameter + " must be a version from 0 or an instant, was '" + value + "'");
        }
        try {
            RequestParameters.instant(parameter, value, zone);
        } catch (BadParameterException e) {
            throw new BadParameterException(parameter, RuleCode.FIELD_VERSION_OR_INSTANT.with("value", value,
                    "earliest", StrictJson.EARLIEST, "latest", StrictJson.LATEST),
                    "must be a version (a whole number from 0) or a point in time: " + e.getMessage());
        }
        // A well-formed moment: one that has not come yet is refused in its own words.
        return PointInTime.asOf(RequestParameters.pastInstant(parameter, value, zone));
    }
}
