package org.certaudit.query.console;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.UserNames;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.query.BadParameterException;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.audits.AuditList;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.query.audits.AuditSummary;
import org.certaudit.query.audits.FindAudits;
import org.certaudit.query.audits.FindKnownMembers;
import org.certaudit.query.audits.FindPledgeTimingWarnings;
import org.certaudit.query.audits.GetAudit;
import org.certaudit.query.audits.PledgeTimingWarning;
import org.certaudit.query.certificates.CertificateSummary;
import org.certaudit.query.certificates.CertificateView;
import org.certaudit.query.certificates.DecisionRow;
import org.certaudit.query.certificates.FindCertificates;
import org.certaudit.query.certificates.FindDecisions;
import org.certaudit.query.certificates.FindRecentDecisions;
import org.certaudit.query.certificates.GetCertificate;
import org.certaudit.query.certificates.GetCertificateHistory;
import org.certaudit.query.history.GetItemHistory;
import org.certaudit.query.history.ItemChange;
import org.certaudit.query.lineage.GetProjectLineage;
import org.certaudit.query.lineage.ProjectLineage;
import org.certaudit.query.report.ReportVerification;
import org.certaudit.query.scorecard.GetScorecard;
import org.certaudit.query.scorecard.GetScorecardAt;
import org.certaudit.query.scorecard.GetScorecardDiff;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.query.scorecard.ProjectVersions;
import org.certaudit.query.scorecard.ScorecardDiff;
import org.certaudit.query.scorecard.ScorecardView;
import org.certaudit.query.trail.AuditTrail;
import org.certaudit.query.trail.GetAuditTrail;
import org.certaudit.query.trail.TrailEntry;
import org.certaudit.query.trail.TrailFilter;
import org.certaudit.query.trail.TrailOrder;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.scheme.Subtotal;
import org.certaudit.web.InvalidInputException;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.ProblemResponses;
import org.certaudit.web.RuleCode;
import org.certaudit.web.RuleViolation;
import org.certaudit.web.StrictJson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The console's pages, rendered on the server from the same read models as the query API: the
 * audit list, opening an audit, an audit with its scoring sheet, the item history drawer, the sheet
 * as of a moment, the trail and a project's lineage. What a page lets the user do follows their
 * role and place on the team; every change goes through the {@link CommandRelay}.
 */
@Controller
class ConsoleController {

    private static final ConsoleTotals TOTALS = new ConsoleTotals();

    /** Audits on one page of the list unless the page asks for another size (up to {@link RequestParameters#MAX_PAGE_SIZE}). */
    static final int PAGE_SIZE = 20;
    /** The audits waiting for a reviewer's or decider's turn shown above the list. */
    static final int WAITING_LIMIT = 50;
    /** Events on one page of the trail. */
    static final int TRAIL_PAGE_SIZE = 100;

    private final QueryGateway queries;
    private final ConsoleLinks links;
    private final ProjectVersions versions;

    private final ZoneId zone;
    private final ConsoleTimes times;
    private final SchemeCatalog schemes;
    private final TrailText trailText;
    private final ReportVerification verification;
    private final Clock certificateClock;

    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");
    /** A certificate number as printed (CTS-2021-0455-2021-SE-1); the register's numbers follow the body's pattern. */
    private static final Pattern CERTIFICATE_NUMBER = Pattern.compile("[\\p{L}\\p{N}._/-]+");
    private static final int CERTIFICATE_NUMBER_MAX = 64;
    /** The longest period and horizon the register takes, as {@code /api/certificates} and {@code /api/decisions} do. */
    private static final int MAX_REGISTER_DAYS = 3660;
    /** How many of the decisions recorded last the certificate register's default period reaches back to. */
    static final int RECENT_DECISIONS = 20;
    private static final java.util.regex.Pattern TREE = java.util.regex.Pattern.compile("[0-9]{1,18}:[0-9a-fA-F]{64}");
    /** The tree size and what separates it from the root hash as someone types them: a colon, full-width or not, or space. */
    private static final java.util.regex.Pattern TREE_SEPARATOR = java.util.regex.Pattern.compile("^\\s*([0-9]{1,18})\\s*[:：]?\\s*");

    /** The header the audit page's script sends for the history drawer's fragment. */
    static final String DRAWER_HEADER = "X-Console-Drawer";
    private static final Pattern SIGNED_DIGITS = Pattern.compile("[+-]?\\d+");

    ConsoleController(QueryGateway queries, ConsoleLinks links,
                      @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone, ProjectVersions versions,
                      SchemeCatalog schemes, TrailText trailText, ReportVerification verification,
                      Clock certificateClock) {
        this.certificateClock = certificateClock;
        this.schemes = schemes;
        this.verification = verification;
        this.trailText = trailText;
        this.zone = zone;
        this.times = new ConsoleTimes(zone);
        this.queries = queries;
        this.links = links;
        this.versions = versions;
    }

    /** Every page prints moments on the certification body's clock ({@code ${times.format(instant)}}). */
    @ModelAttribute("times")
    ConsoleTimes times() {
        return times;
    }

    /** Every page prints totals to two decimals ({@code ${totals.format(total)}}). */
    @ModelAttribute("totals")
    ConsoleTotals totals() {
        return TOTALS;
    }

    /** Browsers land on the console; API clients asking for JSON get the index of web-security's ApiIndexController. */
    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String root() {
        return "redirect:/console";
    }

    /**
     * Where each user's work is: an auditor the one audit they are on the team of that is still open for changes, or
     * the audits they are on the team of (those still open above them) when that is none or several; a technical
     * reviewer or decider who is no auditor the audit list with what waits for them above it; a regulator the
     * certificate register with the decisions export; the admin the audit list.
     */
    @GetMapping({"/console", "/console/"})
    String home(Authentication authentication) {
        ConsoleUser user = authentication == null ? null : ConsoleUser.of(authentication);
        return landing(user, user != null && user.auditor() ? openOnTeam(user.name()) : null);
    }

    static String landing(ConsoleUser user, AuditList openOnTeam) {
        if (user == null || user.admin()) {
            return "redirect:/console/audits";
        }
        if (user.auditor()) {
            return openOnTeam != null && openOnTeam.totalElements() == 1
                    ? "redirect:/console/audits/" + openOnTeam.content().get(0).id()
                    : "redirect:/console/audits?mine=true";
        }
        if (!user.reviewer() && !user.decider() && user.exportsDecisions()) {
            return "redirect:/console/certificates";
        }
        return "redirect:/console/audits";
    }

    /** The audits whose team {@code user} is on that the team may still change (open, reopened, returned). */
    private AuditList openOnTeam(String user) {
        return queries.query(new FindAudits(null, null, null, null, null, null, null, null, user, true, 0, WAITING_LIMIT),
                ResponseTypes.instanceOf(AuditList.class)).join();
    }

    @GetMapping("/console/login")
    String login() {
        return "console/login";
    }

    /**
     * A console page refused for its user's roles, as {@code ConsoleSecurityConfiguration} forwards a browser here with
     * a 403: the metrics scraper's user, or a provider's token without a role of the console, signs in but reads nothing.
     * The page says the rule {@code permission.role} (the user, their roles, the method and the page's path) in its
     * language, as the API's problem does, and keeps the bar with its sign-out. Asked for directly, this address is no
     * page (404).
     */
    @RequestMapping(ConsoleSecurityConfiguration.REFUSED)
    ModelAndView refused(HttpServletRequest request, Locale locale, Authentication authentication)
            throws NoResourceFoundException {
        Object path = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        if (request.getDispatcherType() != DispatcherType.FORWARD || path == null || authentication == null
                || !(request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof AccessDeniedException)) {
            throw new NoResourceFoundException(HttpMethod.GET, request.getRequestURI());
        }
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_")).map(authority -> authority.substring("ROLE_".length()))
                .sorted().toList();
        RuleViolation rule = RuleCode.PERMISSION_ROLE.with("user", authentication.getName(), "roles", roles,
                "method", request.getMethod(), "path", path.toString());
        ModelAndView page = new ModelAndView("console/error", HttpStatus.FORBIDDEN);
        page.addObject("kind", ProblemFormat.FORBIDDEN);
        page.addObject("message", ConsoleMessages.sentence(rule, locale));
        page.addObject("code", rule.code());
        page.addObject("user", ConsoleUser.of(authentication));
        // Every page of the bar's is refused to this user too: the way on is signing out, not back to the audits.
        page.addObject("refused", true);
        Object query = request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING);
        page.addObject("languages", new ConsoleMessages.PageLinks(path.toString(), query == null ? null : query.toString()));
        return page;
    }

    @GetMapping("/console/audits")
    String audits(@RequestParam(required = false) String projectNumber,
                  @RequestParam(required = false) String organization,
                  @RequestParam(required = false) String status,
                  @RequestParam(required = false) String type,
                  @RequestParam(required = false) String grade,
                  @RequestParam(defaultValue = "0") @Min(0) @Max(RequestParameters.MAX_PAGE) int page,
                  @RequestParam(defaultValue = "" + PAGE_SIZE) @Min(1) @Max(RequestParameters.MAX_PAGE_SIZE) int size,
                  @RequestParam(required = false) String mine,
                  Authentication authentication, Model model) {
        String project = blank(projectNumber) ? null
                : RequestParameters.projectNumber("projectNumber", projectNumber.strip()).value();
        AuditStatus wantedStatus = RequestParameters.enumValue("status", blank(status) ? null : status, AuditStatus.class);
        AuditType wantedType = RequestParameters.enumValue("type", blank(type) ? null : type, AuditType.class);
        Grade wantedGrade = RequestParameters.enumValue("grade", blank(grade) ? null : grade, Grade.class);
        boolean onlyMine = mine != null && !mine.isEmpty();
        if (onlyMine && !mine.equals("true")) {
            throw new BadParameterException("mine", RuleCode.FIELD_NOT_ONE_OF.with("value", mine,
                    "allowed", List.of("true")), "mine can only be true");
        }
        ConsoleUser user = ConsoleUser.of(authentication);
        // The read model filters and cuts the page; the console only renders it.
        AuditList found = queries.query(new FindAudits(project, wantedStatus, wantedType,
                        blank(organization) ? null : organization.strip(), null, null, wantedGrade, null,
                        onlyMine ? user.name() : null, false, page, size),
                ResponseTypes.instanceOf(AuditList.class)).join();
        model.addAttribute("rows", rows(found));
        model.addAttribute("page", found);
        model.addAttribute("filter", Map.of(
                "projectNumber", nullToEmpty(projectNumber), "organization", nullToEmpty(organization),
                "status", nullToEmpty(status), "type", nullToEmpty(type), "grade", nullToEmpty(grade),
                "mine", onlyMine ? "true" : ""));
        model.addAttribute("statuses", AuditStatus.values());
        model.addAttribute("types", AuditType.values());
        model.addAttribute("grades", Grade.values());
        model.addAttribute("user", user);
        // ISO/IEC 17065 7.5 and 7.6: what waits for this reviewer or decider, whatever the filters.
        model.addAttribute("awaitingReview", user.reviewer() ? rows(waiting(AuditStatus.FINISHED, user.name())) : List.of());
        model.addAttribute("awaitingDecision", user.decider() ? rows(waiting(AuditStatus.REVIEWED, user.name())) : List.of());
        // An auditor's work: the audits whose team they are on that are still open for changes, whatever the filters.
        model.addAttribute("openOnTeam", user.auditor() ? rows(openOnTeam(user.name())) : List.of());
        return "console/audits";
    }

    /**
     * The certificate register on a day (today on the body's calendar by default), filtered as
     * {@code GET /api/certificates} filters it; for a regulator or an admin also the decisions and certificate changes
     * of a period (by default up to the day, from this year's first day or the earliest day of the decisions recorded
     * last), as {@code GET /api/decisions} exports them, with the export's
     * CSV and XLSX links.
     */
    @GetMapping("/console/certificates")
    String certificates(@RequestParam(required = false) String asOf, @RequestParam(required = false) String status,
                        @RequestParam(required = false) String grade, @RequestParam(required = false) String organization,
                        @RequestParam(required = false) String dueWithinDays, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to, Authentication authentication, Model model) {
        LocalDate day = blank(asOf) ? LocalDate.now(certificateClock) : RequestParameters.date("asOf", asOf);
        Integer due = null;
        if (!blank(dueWithinDays)) {
            due = (int) RequestParameters.wholeNumber("dueWithinDays", dueWithinDays.strip(), 0, MAX_REGISTER_DAYS);
        }
        List<CertificateSummary> found = queries.query(new FindCertificates(day,
                        RequestParameters.enumValue("status", blank(status) ? null : status, CertificateStatus.class),
                        RequestParameters.enumValue("grade", blank(grade) ? null : grade, Grade.class),
                        blank(organization) ? null : organization.strip(), due),
                ResponseTypes.multipleInstancesOf(CertificateSummary.class)).join();
        ConsoleUser user = ConsoleUser.of(authentication);
        model.addAttribute("certificates", found);
        model.addAttribute("asOf", day);
        model.addAttribute("filter", Map.of("status", nullToEmpty(status), "grade", nullToEmpty(grade),
                "organization", nullToEmpty(organization), "dueWithinDays", nullToEmpty(dueWithinDays)));
        model.addAttribute("statuses", CertificateStatus.values());
        model.addAttribute("grades", Grade.values());
        model.addAttribute("user", user);
        // The decisions' period is read for every reader, as every other parameter is, though only a regulator or an
        // admin is shown the decisions: a malformed one is said, not passed over.
        // Without a period asked for, a regulator lands on what was decided last, whatever day it is dated: a decision
        // is often recorded long after its day (one dated 2022 recorded today), so the period reaches back from this
        // year's first day to the earliest day of the decisions recorded last.
        boolean recent = blank(from) && blank(to) && user.exportsDecisions();
        LocalDate first = !blank(from) ? RequestParameters.date("from", from)
                : recent ? recentFrom(day) : day.withDayOfYear(1);
        LocalDate last = blank(to) ? day : RequestParameters.date("to", to);
        RequestParameters.notBefore("to", last, "from", first);
        if (first.plusDays(MAX_REGISTER_DAYS).isBefore(last)) {
            throw new BadParameterException("to", RuleCode.PERIOD_TOO_LONG.with("maxDays", MAX_REGISTER_DAYS),
                    "a period is at most " + MAX_REGISTER_DAYS + " days");
        }
        if (user.exportsDecisions()) {
            model.addAttribute("from", first);
            model.addAttribute("to", last);
            model.addAttribute("recentPeriod", recent);
            model.addAttribute("recentDecisions", RECENT_DECISIONS);
            model.addAttribute("decisions", queries.query(new FindDecisions(first, last),
                    ResponseTypes.multipleInstancesOf(DecisionRow.class)).join());
        }
        return "console/certificates";
    }

    /**
     * The first day of the default decisions period on {@code day}: this year's first, or the earliest day of the
     * {@value #RECENT_DECISIONS} decisions recorded last when that is earlier, at most {@value #MAX_REGISTER_DAYS} days
     * back, as any period is.
     */
    private LocalDate recentFrom(LocalDate day) {
        LocalDate first = day.withDayOfYear(1);
        for (DecisionRow row : queries.query(new FindRecentDecisions(day, RECENT_DECISIONS),
                ResponseTypes.multipleInstancesOf(DecisionRow.class)).join()) {
            first = row.date().isBefore(first) ? row.date() : first;
        }
        LocalDate earliest = day.minusDays(MAX_REGISTER_DAYS);
        return first.isBefore(earliest) ? earliest : first;
    }

    /** The audits at {@code status} that {@code user} may take: none they were on the team of or reviewed. */
    private AuditList waiting(AuditStatus status, String user) {
        return queries.query(new FindAudits(null, status, null, null, null, null, null, user, 0, WAITING_LIMIT),
                ResponseTypes.instanceOf(AuditList.class)).join();
    }

    private List<AuditRow> rows(AuditList found) {
        List<AuditRow> rows = new ArrayList<>();
        for (AuditSummary audit : found.content()) {
            Grade recommended = audit(audit.id()).map(d -> d.recommendation() == null ? null : d.recommendation().grade())
                    .orElse(null);
            rows.add(new AuditRow(audit, recommended));
        }
        return rows;
    }

    /**
     * Opening an audit; with {@code predecessor}, the project's next one, filled in from it. Its type is suggested by
     * the project's certificate's state on the first on-site day given ({@code onSiteFrom}, a calendar day: the form's
     * script asks the page again as the day is entered), never by today, as the command side judges the lineage on that
     * day ({@link NextAudit}); the page says why.
     */
    @GetMapping("/console/audits/new")
    String openForm(@RequestParam(required = false) String predecessor, @RequestParam(required = false) String onSiteFrom,
                    Authentication authentication, Locale locale, Model model) {
        AuditDetail before = null;
        if (!blank(predecessor)) {
            before = audit(RequestParameters.auditId("predecessor", predecessor.strip()).value())
                    .orElseThrow(() -> new NotFoundException("no audit " + predecessor));
        }
        LocalDate day = RequestParameters.date("onSiteFrom", onSiteFrom);
        model.addAttribute("predecessor", before);
        model.addAttribute("onSiteFrom", day);
        model.addAttribute("criteria", before != null && before.criteria() != null ? String.join("\n", before.criteria())
                : String.join("\n", defaultCriteria()));
        // A cancelled audit lends the form its organization (it was cancelled for a date, say), but the type follows
        // the latest audit that stands, as the command side's lineage rules do: none is an initial audit.
        Optional<ProjectLineage> lineage = before == null ? Optional.empty() : lineage(before);
        Optional<ProjectLineage.Audit> standing = lineage.flatMap(found -> found.audits().stream()
                .filter(entry -> entry.status() != AuditStatus.CANCELLED)
                .reduce((first, second) -> second));
        if (before != null && before.status() == AuditStatus.CANCELLED) {
            model.addAttribute("fromCancelled", true);
        }
        NextAudit next = standing.map(entry -> nextAudit(entry, day, lineage.orElseThrow())).orElse(null);
        model.addAttribute("next", next);
        // The day decides nothing yet (not given, or not after the decision): a project with a certificate it may keep
        // goes on with what its latest decision left next (a surveillance, or the cycle's re-certification), one
        // without with an initial audit.
        model.addAttribute("suggestedType", next == null ? AuditType.INITIAL : next.preselected());
        model.addAttribute("nextRule", next == null || next.reason() != NextAudit.Reason.BEFORE_DECISION ? null
                : ConsoleMessages.sentence(RuleCode.LINEAGE_ON_SITE_AFTER_DECISION.with("project", before.projectNumber(),
                        "audit", standing.get().auditId(), "decidedOn", decidedOn(standing.get())), locale));
        model.addAttribute("types", AuditType.values());
        model.addAttribute("user", ConsoleUser.of(authentication));
        return "console/open";
    }

    /** The type suggested for the audit that follows {@code standing} in {@code lineage}, on site from {@code day}. */
    private NextAudit nextAudit(ProjectLineage.Audit standing, LocalDate day, ProjectLineage lineage) {
        String number = currentCertificateNumber(lineage);
        return NextAudit.on(day, decidedOn(standing), number, number == null ? Optional.empty() : certificateHistory(number));
    }

    private static LocalDate decidedOn(ProjectLineage.Audit audit) {
        return audit.decision() == null ? null : audit.decision().decidedOn();
    }

    /** The project's current certificate, its latest: the one the command side's rules read; null before any. */
    private static String currentCertificateNumber(ProjectLineage lineage) {
        List<ProjectLineage.CertificateChange> changes = lineage.certificateChanges();
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).certificateNumber();
    }

    private Optional<CertificateHistory> certificateHistory(String number) {
        return queries.query(new GetCertificateHistory(number), ResponseTypes.optionalInstanceOf(CertificateHistory.class))
                .join();
    }

    /**
     * The criteria a new project's audit is held against unless the admin says otherwise, as the seed report's 1.8
     * lists them: the scheme with its title, the organization's own management system documents, and the national,
     * sector and local laws, regulations and standards that apply.
     */
    private List<String> defaultCriteria() {
        return schemes.ids().stream().findFirst().flatMap(schemes::current)
                .map(scheme -> List.of(scheme.id() + "《" + scheme.title() + "》", "受审查方管理体系文件",
                        "适用的国家、行业及地方有关的法律法规及标准"))
                .orElse(List.of());
    }

    @GetMapping("/console/audits/{id}")
    String audit(@PathVariable String id, Authentication authentication, Locale locale, Model model) {
        AuditId auditId = RequestParameters.auditId("id", id);
        AuditDetail audit = audit(auditId.value()).orElseThrow(() -> new NotFoundException("no audit " + id));
        ScorecardView card = scorecard(auditId).orElseThrow(() -> new NotFoundException("no scorecard of audit " + id));
        Map<String, ScorecardView.Item> previous = new LinkedHashMap<>();
        if (audit.predecessor() != null) {
            scorecard(new AuditId(audit.predecessor()))
                    .ifPresent(before -> before.items().forEach(item -> previous.put(item.clause(), item)));
        }
        ConsoleUser user = ConsoleUser.of(authentication);
        // Offered only while the command side would take it: a recommended, reviewed or decided audit is shown
        // read only instead of letting every save end in a refusal.
        boolean open = audit.status().openForChanges();
        model.addAttribute("audit", audit);
        model.addAttribute("open", open);
        model.addAttribute("card", card);
        model.addAttribute("parts", sheet(card));
        model.addAttribute("previous", previous);
        model.addAttribute("user", user);
        model.addAttribute("member", user.memberOf(audit));
        model.addAttribute("canScore", open && user.signed(audit));
        model.addAttribute("canSign", open && user.memberOf(audit) != null && !user.signed(audit));
        // Each member corrects the day of their own signed pledge only, as the command side's rule has it.
        model.addAttribute("canCorrectPledge", open && user.signed(audit));
        model.addAttribute("leads", user.leads(audit));
        model.addAttribute("canManageTeam", open && user.admin());
        model.addAttribute("roles", TeamRole.values());
        // Who has been on a team before, offered when staffing this one so that their details are not typed again.
        model.addAttribute("knownMembers", open && user.admin() ? queries.query(new FindKnownMembers(),
                ResponseTypes.multipleInstancesOf(TeamMember.class)).join() : List.of());
        // Offered by role and status to a person who took no part (ISO/IEC 17065 7.5.1, 7.6.1), as the read model knows
        // it: one who did is told so instead of a form the command side, which still judges, would refuse.
        boolean reviewing = user.reviewer() && audit.status() == AuditStatus.FINISHED;
        boolean deciding = user.decider() && audit.status() == AuditStatus.REVIEWED;
        Optional<ProjectLineage> lineage = lineage(audit);
        RuleViolation tookPart = (reviewing || deciding) && !independentOf(audit, user.name())
                ? tookPart(audit, user.name(), deciding, lineage) : null;
        model.addAttribute("canReview", reviewing && tookPart == null);
        model.addAttribute("canDecide", deciding && tookPart == null);
        model.addAttribute("notIndependent", tookPart == null ? null : ConsoleMessages.sentence(tookPart, locale));
        // The command side's rules: the leader reopens a recommended audit until it is decided; the next audit of
        // a project opens once the latest one is decided (one audit at a time).
        model.addAttribute("canReopen", user.leads(audit)
                && (audit.status() == AuditStatus.FINISHED || audit.status() == AuditStatus.REVIEWED));
        // The admin cancels an audit its team has not recommended, with a reason: a recommended one goes to its review
        // and decision (the leader reopens it first), and a decided one's record stands.
        model.addAttribute("canCancel", user.admin() && audit.recommendation() == null
                && audit.status() != AuditStatus.DECIDED && audit.status() != AuditStatus.CANCELLED);
        // The admin moves the on-site period while the team may still change the audit, as the command side's rule
        // has it: not once a grade is recommended (it rests on the visit), decided or cancelled.
        model.addAttribute("canReschedule", user.admin() && audit.status().openForChanges());
        model.addAttribute("halfDays", HalfDay.values());
        // A cancelled latest audit leaves the project free for its next one, as a decided one does.
        model.addAttribute("canOpenNext", user.admin()
                && (audit.status() == AuditStatus.DECIDED || audit.status() == AuditStatus.CANCELLED)
                && lineage.map(found -> latestOfItsProject(found, audit)).orElse(false));
        model.addAttribute("lineageEntry", lineage.flatMap(found -> found.audits().stream()
                .filter(entry -> entry.auditId().equals(audit.id())).findFirst()).orElse(null));
        // What this audit's decision did to the certificate (issued, renewed, maintained, suspended, withdrawn).
        model.addAttribute("certificateChanges", lineage.map(found -> found.certificateChanges().stream()
                .filter(change -> audit.id().equals(change.auditId())).toList()).orElse(List.of()));
        // This audit's suspension still stands past its planned end: flagged next to it.
        model.addAttribute("suspensionOverdue", lineage.map(found -> found.certificateChanges())
                .filter(changes -> !changes.isEmpty() && audit.id().equals(changes.get(changes.size() - 1).auditId()))
                .map(changes -> suspensionOverdue(changes, LocalDate.now(certificateClock))).orElse(false));
        List<DecisionOutcome> outcomes = Arrays.stream(DecisionOutcome.values()).filter(o -> o.decides(audit.type())).toList();
        model.addAttribute("outcomes", outcomes);
        if (deciding && tookPart == null) {
            decisionDay(audit, outcomes, lineage, model);
        }
        model.addAttribute("grades", Grade.values());
        // GB/T 27922: five special deductions prevent a grade whatever the total; the totals bar says which held.
        model.addAttribute("deductionsPreventingGrade", Grade.DEDUCTIONS_THAT_PREVENT_A_GRADE);
        model.addAttribute("downloads", links.downloads(audit.id()));
        model.addAttribute("today", LocalDate.now(zone));
        // A pledge is signed before the team works (ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2): the form offers the on-site
        // period's first day once that has begun, today before it, never a day PledgeTiming would question.
        model.addAttribute("pledgeDay", audit.onSiteFrom() != null && audit.onSiteFrom().isBefore(LocalDate.now(zone))
                ? audit.onSiteFrom() : LocalDate.now(zone));
        boolean recommending = user.leads(audit) && open;
        if (recommending || (reviewing && tookPart == null)) {
            actDays(audit, lineage.orElse(null), recommending, reviewing && tookPart == null, model);
        }
        model.addAttribute("strengthsText", lines(audit.strengths()));
        model.addAttribute("improvementsText", lines(audit.improvements()));
        // ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2: said beside the recommendation, review and decision forms, as of the
        // version the page shows; warnings only, the certification body judges them and the forms stay offered.
        model.addAttribute("pledgeTimingWarnings", queries.query(new FindPledgeTimingWarnings(auditId, audit.version()),
                ResponseTypes.multipleInstancesOf(PledgeTimingWarning.class)).join());
        return "console/audit";
    }

    /**
     * What the decision form knows of the certificate it decides about: its number ({@code decisionCertificate}; none
     * for an initial audit, whose grant issues one), the statuses each outcome needs on the decision's day
     * ({@code certificateStatuses}, {@link CertificateStatus#requiredToDecide}, the rule the command side judges by,
     * and {@code neededStatuses}, the same as a list for the hints' words), the command side's rules on the decision's
     * day ({@code decisionBounds}, {@link DayBound}s as JSON: not after today, and not before the standing acceptance by
     * technical review, {@code decision.before-review}, once the lineage has it), against all of which the form's
     * script checks the day picked, and the day each outcome is offered ({@code decisionDays}, an {@link OfferedDay}
     * each): today when the command side takes it, else the nearest day before it does, from the acceptance on (the
     * demo's surveillance of 2022, its certificate expired in 2024: its last valid day), else none (a suspension of a
     * suspended certificate), with why. The form opens on the first outcome's day ({@code decisionDay}); its script offers the
     * picked outcome's.
     */
    private void decisionDay(AuditDetail audit, List<DecisionOutcome> outcomes, Optional<ProjectLineage> lineage,
                             Model model) {
        LocalDate today = LocalDate.now(zone);
        String number = audit.type() == AuditType.INITIAL ? null
                : lineage.map(ConsoleController::currentCertificateNumber).orElse(null);
        Optional<CertificateHistory> certificate = number == null ? Optional.empty() : certificateHistory(number);
        LocalDate reviewedOn = lineage.flatMap(found -> found.audits().stream()
                        .filter(entry -> entry.auditId().equals(audit.id())).findFirst())
                .filter(entry -> !entry.reviews().isEmpty())
                .map(entry -> entry.reviews().get(entry.reviews().size() - 1))
                .filter(review -> "ACCEPTED".equals(review.outcome()))
                .map(ProjectLineage.Review::reviewedOn).orElse(null);
        Map<DecisionOutcome, String> statuses = new LinkedHashMap<>();
        Map<DecisionOutcome, List<CertificateStatus>> needed = new LinkedHashMap<>();
        Map<DecisionOutcome, OfferedDay> days = new LinkedHashMap<>();
        for (DecisionOutcome outcome : outcomes) {
            List<CertificateStatus> required = CertificateStatus.requiredToDecide(outcome, audit.type());
            statuses.put(outcome, String.join(" ", required.stream().map(Enum::name).toList()));
            needed.put(outcome, required);
            days.put(outcome, OfferedDay.on(today, reviewedOn, certificate, required));
        }
        model.addAttribute("decisionCertificate", number);
        model.addAttribute("certificateStatuses", statuses);
        model.addAttribute("neededStatuses", needed);
        List<DayBound> bounds = new ArrayList<>(List.of(DayBound.notAfter(today, zone)));
        if (reviewedOn != null) {
            bounds.add(DayBound.notBefore(reviewedOn, RuleCode.DECISION_BEFORE_REVIEW.with("audit", audit.id(),
                    "decidedOn", null, "reviewedOn", reviewedOn)));
        }
        model.addAttribute("decisionBounds", DayBound.json(bounds));
        model.addAttribute("decisionDays", days);
        model.addAttribute("decisionDay", outcomes.isEmpty() ? today : days.get(outcomes.get(0)).day());
    }

    /**
     * The days the recommendation's and the review's forms offer ({@code reportDay}, {@code reviewDay}: today when the
     * command side takes it, else the nearest day it does, {@link OfferedDay}), and what their scripts check a day picked
     * against: the certificate ({@code actCertificate}, none for an audit decided on any day) and the statuses a decision
     * on the audit needs on the act's day ({@code actStatuses}, {@link CertificateStatus#requiredToDecideAtAll}), which
     * the command side's {@code recommendation.report-after-certificate} and {@code review.after-certificate} judge by;
     * and the command side's other rules on their days ({@code reportBounds}, {@code reviewBounds}: {@link DayBound}s as
     * JSON): a report is dated no later than today and no earlier than the on-site period in force and the latest pledge
     * that counts, a review (accepting or returning) no later than today and no earlier than the report and the latest
     * return.
     */
    private void actDays(AuditDetail audit, ProjectLineage lineage, boolean recommending, boolean reviewing, Model model) {
        LocalDate today = LocalDate.now(zone);
        List<CertificateStatus> allowed = CertificateStatus.requiredToDecideAtAll(audit.type());
        String number = allowed.isEmpty() || lineage == null ? null : currentCertificateNumber(lineage);
        Optional<CertificateHistory> certificate = number == null ? Optional.empty() : certificateHistory(number);
        model.addAttribute("actCertificate", certificate.map(CertificateHistory::number).orElse(null));
        model.addAttribute("actStatuses", String.join(" ", allowed.stream().map(Enum::name).toList()));
        if (recommending) {
            List<DayBound> bounds = reportBounds(audit, today);
            model.addAttribute("reportBounds", DayBound.json(bounds));
            model.addAttribute("reportDay", OfferedDay.on(today, earliest(bounds), certificate, allowed));
        }
        if (reviewing && audit.recommendation() != null) {
            List<DayBound> bounds = reviewBounds(audit, lineage, today);
            model.addAttribute("reviewBounds", DayBound.json(bounds));
            model.addAttribute("reviewDay", OfferedDay.on(today, earliest(bounds), certificate, allowed));
        }
    }

    /**
     * The command side's rules on a review's day, accepting or returning alike (its {@code requireReviewable}), in its
     * order: not after today, not before the report ({@code review.before-report}), not before the audit's latest return
     * by technical review ({@code review.before-return}), which the lineage keeps among the audit's reviews (none while
     * it does not have the audit yet).
     */
    private List<DayBound> reviewBounds(AuditDetail audit, ProjectLineage lineage, LocalDate today) {
        LocalDate reportDate = audit.recommendation().reportDate();
        List<DayBound> bounds = new ArrayList<>(List.of(DayBound.notAfter(today, zone),
                DayBound.notBefore(reportDate, RuleCode.REVIEW_BEFORE_REPORT.with("audit", audit.id(),
                        "reviewedOn", null, "reportDate", reportDate))));
        Optional.ofNullable(lineage).flatMap(found -> found.audits().stream()
                        .filter(entry -> entry.auditId().equals(audit.id())).findFirst())
                .flatMap(entry -> entry.reviews().stream().filter(review -> "RETURNED".equals(review.outcome()))
                        .reduce((earlier, later) -> later))
                .map(ProjectLineage.Review::reviewedOn)
                .ifPresent(returnedOn -> bounds.add(DayBound.notBefore(returnedOn, RuleCode.REVIEW_BEFORE_RETURN.with(
                        "audit", audit.id(), "reviewedOn", null, "returnedOn", returnedOn))));
        return bounds;
    }

    /**
     * The command side's rules on a report's day, in its order: not after today, not before the on-site period in force
     * began ({@code recommendation.report-before-on-site}), not before the latest pledge of the team as it stands, whose
     * member it names as it does, code and name ({@code recommendation.report-before-pledge}).
     */
    private List<DayBound> reportBounds(AuditDetail audit, LocalDate today) {
        List<DayBound> bounds = new ArrayList<>(List.of(DayBound.notAfter(today, zone)));
        if (audit.onSiteFrom() != null) {
            bounds.add(DayBound.notBefore(audit.onSiteFrom(), RuleCode.RECOMMENDATION_REPORT_DATE.with("audit", audit.id(),
                    "reportDate", null, "onSiteFrom", audit.onSiteFrom())));
        }
        AuditDetail.PledgeSignature latest = null;
        for (AuditDetail.PledgeSignature pledge : audit.pledges()) {
            if (pledge.standing() && (latest == null || pledge.signedOn().isAfter(latest.signedOn()))) {
                latest = pledge;
            }
        }
        if (latest != null) {
            String code = latest.memberCode();
            String name = audit.team().stream().filter(member -> member.code().equals(code)).findFirst()
                    .map(TeamMember::name).orElse(latest.memberName());
            bounds.add(DayBound.notBefore(latest.signedOn(), RuleCode.RECOMMENDATION_BEFORE_PLEDGE.with("audit",
                    audit.id(), "reportDate", null, "member", code + " " + name, "signedOn", latest.signedOn())));
        }
        return bounds;
    }

    /** The latest of the bounds' earliest days: the first day none of them refuses; null when none bounds it. */
    private static LocalDate earliest(List<DayBound> bounds) {
        return bounds.stream().map(DayBound::earliest).filter(java.util.Objects::nonNull)
                .max(LocalDate::compareTo).orElse(null);
    }

    /** Whether the user never took part in the audit (team, now or before, or any review of it), as the waiting lists judge it. */
    private boolean independentOf(AuditDetail audit, String user) {
        AuditList found = queries.query(new FindAudits(audit.projectNumber(), audit.status(), null, null, null, null, null,
                user, 0, WAITING_LIMIT), ResponseTypes.instanceOf(AuditList.class)).join();
        return found.content().stream().anyMatch(summary -> summary.id().equals(audit.id()));
    }

    /** The command side's rule this user would break by reviewing or deciding the audit they took part in. */
    private static RuleViolation tookPart(AuditDetail audit, String user, boolean deciding, Optional<ProjectLineage> lineage) {
        if (!deciding) {
            return RuleCode.INDEPENDENCE_REVIEWER_ON_TEAM.with("user", user, "audit", audit.id());
        }
        boolean reviewed = lineage.flatMap(found -> found.audits().stream()
                        .filter(entry -> entry.auditId().equals(audit.id())).findFirst())
                .map(entry -> entry.reviews().stream().anyMatch(review -> UserNames.same(user, review.reviewer())))
                .orElse(false);
        return (reviewed ? RuleCode.INDEPENDENCE_DECIDER_REVIEWED : RuleCode.INDEPENDENCE_DECIDER_ON_TEAM)
                .with("user", user, "audit", audit.id());
    }

    /**
     * An item's changes: the audit page's drawer (its script asks with {@value #DRAWER_HEADER}), or a page of its own
     * when opened as a link (from the trail).
     */
    @GetMapping("/console/audits/{id}/items/{clause}/history")
    String history(@PathVariable String id, @PathVariable String clause,
                   @RequestHeader(value = DRAWER_HEADER, required = false) String drawer, Authentication authentication,
                   Model model) {
        AuditId auditId = RequestParameters.auditId("id", id);
        ScorecardView card = scorecard(auditId).orElseThrow(() -> new NotFoundException("no audit " + id));
        ScorecardView.Item item = card.items().stream()
                .filter(i -> i.clause().equals(clause) || clause.equals(i.code()))
                .findFirst().orElseThrow(() -> new NotFoundException("no item '" + clause + "' in audit " + id));
        List<ItemChange> changes = queries.query(new GetItemHistory(auditId, item.clause()),
                ResponseTypes.multipleInstancesOf(ItemChange.class)).join();
        model.addAttribute("auditId", auditId.value());
        model.addAttribute("item", item);
        model.addAttribute("changes", changes);
        if (drawer != null && !drawer.equals("1")) {
            throw new BadParameterException(DRAWER_HEADER, RuleCode.FIELD_NOT_ONE_OF.with("value", drawer,
                    "allowed", List.of("1")), DRAWER_HEADER + " can only be 1, as the audit page's script sends it");
        }
        model.addAttribute("drawer", drawer != null);
        if (drawer != null) {
            return "console/history :: drawer";
        }
        model.addAttribute("user", ConsoleUser.of(authentication));
        return "console/history";
    }

    @GetMapping("/console/audits/{id}/as-of")
    String asOf(@PathVariable String id, @RequestParam(required = false) String version,
                @RequestParam(required = false) String at, @RequestParam(required = false) String compare,
                Authentication authentication, Model model) {
        AuditId auditId = RequestParameters.auditId("id", id);
        AuditDetail audit = audit(auditId.value()).orElseThrow(() -> new NotFoundException("no audit " + id));
        ScorecardView current = scorecard(auditId).orElseThrow(() -> new NotFoundException("no audit " + id));
        Long firstVersion = firstVersion(auditId);
        if (!blank(at) && !blank(version)) {
            throw new BadParameterException("at", RuleCode.PARAMETER_AT_MOST_ONE.with("parameters", "at,version"),
                    "give a moment (at) or a version, not both");
        }
        // The picker sends a time of day on the certification body's clock; the API's forms (an offset, a date) pass.
        PointInTime point = !blank(at) ? PointInTime.asOf(picked("at", at.strip()))
                : !blank(version) ? PointInTime.atVersion(RequestParameters.version("version", version.strip()))
                : PointInTime.atVersion(current.version());
        ScorecardView then = queries.query(new GetScorecardAt(auditId, point),
                        ResponseTypes.optionalInstanceOf(ScorecardView.class)).join()
                .orElseThrow(() -> new NotOpenedYetException(new NotOpenedYet(audit.id(),
                        point.asOf() != null ? times.format(point.asOf()) : "v" + point.atVersion(), audit.openedAt(),
                        point.atVersion(), point.atVersion() == null ? null : firstVersion)));
        versions.requireReached("version", auditId, point, then.version());
        PointInTime other = blank(compare) ? PointInTime.NOW : compareTo(compare.strip());
        ScorecardDiff diff = queries.query(new GetScorecardDiff(auditId, point, other),
                ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).join().orElse(null);
        if (diff != null) {
            versions.requireReached("compare", auditId, other, diff.to().version());
        }
        model.addAttribute("audit", audit);
        model.addAttribute("card", then);
        model.addAttribute("parts", sheet(then));
        model.addAttribute("current", current);
        model.addAttribute("firstVersion", firstVersion == null ? 0L : firstVersion);
        model.addAttribute("point", point);
        model.addAttribute("at", point.asOf() == null ? "" : times.picker(point.asOf()));
        model.addAttribute("shownAt", point.asOf() == null ? "" : times.format(point.asOf()));
        model.addAttribute("compare", nullToEmpty(compare));
        model.addAttribute("diff", diff);
        // The only way to no difference with something to compare with: the audit was not opened yet at that moment.
        model.addAttribute("compareNotOpened", diff == null && !blank(compare));
        model.addAttribute("compareVersion", other.atVersion());
        model.addAttribute("openedAt", times.format(audit.openedAt()));
        model.addAttribute("user", ConsoleUser.of(authentication));
        return "console/as-of";
    }

    /**
     * The audit's trail, a hundred events a page, filtered as {@code GET /api/audits/{id}/events} filters it: kinds of
     * event ({@code type}, the form's checkboxes, one parameter each), an item by clause or code ({@code clause}), who
     * recorded it ({@code member}), when ({@code from}, {@code to}: a picker's time of day on the certification body's
     * clock, or the API's instants and dates) and {@code order}. A blank field is no filter; the pages keep the filters as
     * sent. The same refusals as the API's, said on a page.
     */
    @GetMapping("/console/audits/{id}/trail")
    String trail(@PathVariable String id,
                 @RequestParam(defaultValue = "0") @Min(0) @Max(RequestParameters.MAX_PAGE) int page,
                 @RequestParam(required = false) List<String> type, @RequestParam(required = false) String clause,
                 @RequestParam(required = false) String member, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(required = false) String order,
                 HttpServletRequest request, Authentication authentication, Locale locale, Model model) {
        AuditId auditId = RequestParameters.auditId("id", id);
        AuditDetail audit = audit(auditId.value()).orElseThrow(() -> new NotFoundException("no audit " + id));
        // The list is declared so that type may be repeated; its parts are read as sent (the binding strips spaces).
        Set<String> types = TrailFilter.eventTypes("type", RequestParameters.values(request.getParameterValues("type")));
        String item = blank(clause) ? null : RequestParameters.item("clause", clause.strip(),
                schemes.pinned(audit.schemeId(), audit.schemeVersion()), auditId).clause();
        Instant start = blank(from) ? null : moment("from", from.strip(), true);
        Instant end = blank(to) ? null : moment("to", to.strip(), false);
        RequestParameters.startNotAfter("from", from, start, "to", to, end);
        TrailOrder listed = TrailOrder.of("order", blank(order) ? null : order);
        TrailFilter filter = new TrailFilter(types, item, blank(member) ? null : member.strip(), start, end);
        AuditTrail trail = queries.query(new GetAuditTrail(auditId, page, TRAIL_PAGE_SIZE, filter, listed),
                ResponseTypes.optionalInstanceOf(AuditTrail.class)).join()
                .orElseThrow(() -> new NotFoundException("no audit " + id));
        model.addAttribute("audit", audit);
        model.addAttribute("trail", trail);
        model.addAttribute("filter", new TrailForm(types, nullToEmpty(clause), nullToEmpty(member),
                start == null ? "" : times.picker(start), end == null ? "" : times.picker(end), listed.parameterValue(),
                !filter.isEmpty()));
        model.addAttribute("eventTypes", TrailFilter.EVENT_TYPES);
        model.addAttribute("orders", TrailOrder.PARAMETER_VALUES);
        model.addAttribute("members", membersOf(audit));
        model.addAttribute("pages", new ConsoleMessages.PageLinks(request.getRequestURI(), request.getQueryString()));
        model.addAttribute("rows", trail.content().stream()
                .map(entry -> new TrailRow(entry, trailText.fields(entry.type(), entry.payload(), entry.subject(),
                        auditId.value(), locale)))
                .toList());
        model.addAttribute("user", ConsoleUser.of(authentication));
        return "console/trail";
    }

    @GetMapping("/console/projects/{projectNumber}/lineage")
    String lineage(@PathVariable String projectNumber, Authentication authentication, Model model) {
        ProjectLineage lineage = queries.query(new GetProjectLineage(
                                RequestParameters.projectNumber("projectNumber", projectNumber)),
                        ResponseTypes.optionalInstanceOf(ProjectLineage.class)).join()
                .orElseThrow(() -> new NotFoundException("no audits of project " + projectNumber));
        model.addAttribute("lineage", lineage);
        model.addAttribute("expiredOn", expiredOn(lineage.certificateChanges(), LocalDate.now(certificateClock)));
        model.addAttribute("suspensionOverdue", suspensionOverdue(lineage.certificateChanges(), LocalDate.now(certificateClock)));
        ConsoleUser user = ConsoleUser.of(authentication);
        List<ProjectLineage.CertificateChange> changes = lineage.certificateChanges();
        boolean suspended = !changes.isEmpty()
                && changes.get(changes.size() - 1).kind() == CertificateHistory.Kind.SUSPENDED;
        model.addAttribute("canRestore", user.decider() && suspended);
        model.addAttribute("today", LocalDate.now(zone));
        model.addAttribute("user", user);
        return "console/lineage";
    }

    /**
     * The report check a report's QR code links to ({@code certaudit.report.verify-url}): open to anyone holding the
     * report, without signing in. The report is issued again at the printed version and its digest compared
     * ({@link ReportVerification}); the page says whether the paper matches the record, and nothing about audits
     * whose report the reader does not hold. Someone with the paper and no phone types what its part 7 (报告核验)
     * prints, the audit number, the version and the digest (the tree head if they like), or pastes the QR code's text
     * or link ({@code qr}): the same check. Without any of them, the form alone; a value that no report prints is
     * said next to its field, on the form, with 400.
     *
     * @param sha256 64 hexadecimal digits (capitals read as small letters, spaces of a line break left out), else
     *               {@code field.format}
     * @param tree   the printed tree head, {@code <size>:<root hash>} or {@code none}, else {@code field.format}
     * @param covered {@code no} when the printed head did not cover the report yet, else {@code field.not-one-of}
     * @param qr     the QR code's text ({@code certaudit:report?audit=…}) or link ({@code …/console/verify/report?audit=…}),
     *               instead of the other parameters
     */
    @GetMapping("/console/verify/report")
    String verifyReport(@RequestParam(required = false) String audit, @RequestParam(required = false) String version,
                        @RequestParam(required = false) String sha256, @RequestParam(required = false) String tree,
                        @RequestParam(required = false) String covered, @RequestParam(required = false) String qr,
                        Authentication authentication, Locale locale, HttpServletResponse response, Model model) {
        model.addAttribute("user", authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken ? null : ConsoleUser.of(authentication));
        ReportCheckForm form = new ReportCheckForm(nullToEmpty(audit).strip(), nullToEmpty(version).strip(),
                nullToEmpty(sha256).strip(), nullToEmpty(tree).strip(), "no".equals(covered), nullToEmpty(qr).strip());
        model.addAttribute("form", form);
        if (form.isEmpty() && covered == null) {
            return "console/verify";
        }
        ReportCheckForm printed;
        try {
            printed = form.qr().isEmpty() ? form.readCovered(covered) : form.fromQrCode();
            check(printed, authentication, model);
        } catch (InvalidInputException e) {
            // Said on the form, next to what was typed, as the other pages say a rule; a pasted text is one field.
            String sentence = ConsoleMessages.sentence(e.rule(), locale);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problemField", form.qr().isEmpty() ? e.field() : "qr");
            model.addAttribute("problemCode", e.rule().code());
            model.addAttribute("problem", sentence == null ? e.getMessage() : sentence);
            // What in the pasted text is wrong, named as the form labels it.
            model.addAttribute("problemLabel", form.qr().isEmpty() ? null : REPORT_CHECK_LABELS.get(e.field()));
        }
        return "console/verify";
    }

    private void check(ReportCheckForm printed, Authentication authentication, Model model) {
        require("audit", printed.audit());
        require("version", printed.version());
        require("sha256", printed.sha256());
        AuditId auditId = RequestParameters.auditId("audit", printed.audit());
        long at = RequestParameters.version("version", printed.version());
        // Copied from paper, a digest may have the spaces of its line break, and hexadecimal digits may come in
        // capitals: the same digest.
        String digest = printed.sha256().replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(digest).matches()) {
            throw new BadParameterException("sha256", RuleCode.FIELD_FORMAT.with(),
                    "sha256 must be 64 hexadecimal digits, as the report prints it");
        }
        // The report prints the size and, on a line below, the root hash: typed as printed, the two may be apart by a
        // space or a full-width colon instead of the colon.
        String tree = printed.tree().isEmpty() ? null
                : TREE_SEPARATOR.matcher(printed.tree()).replaceFirst("$1:").replaceAll("\\s+", "");
        if (tree != null && !tree.equals("none") && !TREE.matcher(tree).matches()) {
            throw new BadParameterException("tree", RuleCode.FIELD_FORMAT.with(),
                    "tree must be <size>:<root hash> or none, as the report prints it");
        }
        model.addAttribute("checked", new CheckedReport(auditId.value(), Long.toString(at), digest, tree));
        ReportVerification.Verified verified = verification.verify(auditId, at, digest,
                tree == null ? null : tree.toLowerCase(Locale.ROOT), printed.notCovering()).orElse(null);
        model.addAttribute("verified", verified);
        // The report records the outcome in its words (批准认证); the page says it in its language.
        model.addAttribute("decisionOutcome", verified == null || verified.certification().decision() == null ? null
                : org.certaudit.audit.DecisionOutcome.ofChineseName(verified.certification().decision().outcome())
                        .orElse(null));
        // The report shows its certificate as of the report's version; what it is today may differ (a later surveillance
        // suspended it, its period ended), so the page says both.
        if (verified != null && verified.certification().certificate() != null) {
            LocalDate today = LocalDate.now(certificateClock);
            model.addAttribute("certificateToday", queries.query(
                    new GetCertificate(verified.certification().certificate().number(), today),
                    ResponseTypes.optionalInstanceOf(CertificateView.class)).join().orElse(null));
        }
    }

    /** The report check form's labels of what a QR code carries, to name a wrong one in a pasted text. */
    private static final Map<String, String> REPORT_CHECK_LABELS = Map.of("audit", "verify.audit",
            "version", "verify.form.version", "sha256", "verify.digest", "tree", "verify.form.tree",
            "covered", "verify.form.covered");

    private static void require(String parameter, String value) {
        if (value.isEmpty()) {
            throw new BadParameterException(parameter, RuleCode.FIELD_REQUIRED.with(), parameter + " is required");
        }
    }

    /**
     * The report check's form as typed (each value stripped, blank as empty): the report's facts, or the QR code's
     * text or link in {@code qr}.
     */
    record ReportCheckForm(String audit, String version, String sha256, String tree, boolean notCovering, String qr) {

        private static final java.util.Set<String> QR_PARAMETERS = java.util.Set.of("audit", "version", "sha256", "tree",
                "covered");

        boolean isEmpty() {
            return audit.isEmpty() && version.isEmpty() && sha256.isEmpty() && tree.isEmpty() && !notCovering
                    && qr.isEmpty();
        }

        /** The typed form, with {@code covered} as sent: only {@code no} (the printed head did not cover the report). */
        ReportCheckForm readCovered(String covered) {
            if (covered != null && !covered.equals("no")) {
                throw new BadParameterException("covered", RuleCode.FIELD_NOT_ONE_OF.with("value", covered,
                        "allowed", List.of("no")), "covered can only be no");
            }
            return this;
        }

        /**
         * The facts the QR code carries: its query ({@code audit=…&version=…&sha256=…&tree=…}, after
         * {@code certaudit:report?} or the check's address), instead of typed ones, which are then refused.
         */
        ReportCheckForm fromQrCode() {
            if (!audit.isEmpty() || !version.isEmpty() || !sha256.isEmpty() || !tree.isEmpty() || notCovering) {
                throw new BadParameterException("qr", RuleCode.PARAMETER_AT_MOST_ONE.with("parameters", "qr,audit"),
                        "give the QR code's text or the report's facts, not both");
            }
            int query = qr.indexOf('?');
            if (query < 0) {
                throw new BadParameterException("qr", RuleCode.FIELD_FORMAT.with(),
                        "qr must be the report's QR code text (certaudit:report?audit=...) or its link");
            }
            String text = qr.substring(query + 1);
            int fragment = text.indexOf('#');
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : (fragment < 0 ? text : text.substring(0, fragment)).split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (pair.isBlank()) {
                    continue;
                }
                if (!QR_PARAMETERS.contains(name) || equals < 0 || values.containsKey(name)) {
                    throw new BadParameterException("qr", RuleCode.FIELD_FORMAT.with(),
                            "qr must be the report's QR code text (certaudit:report?audit=...) or its link");
                }
                values.put(name, java.net.URLDecoder.decode(pair.substring(equals + 1),
                        java.nio.charset.StandardCharsets.UTF_8).strip());
            }
            return new ReportCheckForm(values.getOrDefault("audit", ""), values.getOrDefault("version", ""),
                    values.getOrDefault("sha256", ""), values.getOrDefault("tree", ""), false, "")
                    .readCovered(values.get("covered")).withNotCovering("no".equals(values.get("covered")));
        }

        private ReportCheckForm withNotCovering(boolean value) {
            return new ReportCheckForm(audit, version, sha256, tree, value, qr);
        }
    }

    /**
     * The public certificate check (证书查询): anyone holding a certificate or a report types its number and sees its
     * status, grade and validity on a day (today on the certification body's calendar when left out), as
     * {@code GET /api/certificates/{number}} answers it; without a number, the form alone.
     */
    @GetMapping("/console/verify/certificate")
    String verifyCertificate(@RequestParam(required = false) String number, @RequestParam(required = false) String asOf,
                             Model model) {
        // Left out or blank: the form alone.
        String wanted = blank(number) ? null : number.strip();
        if (wanted != null && (wanted.length() > CERTIFICATE_NUMBER_MAX || !CERTIFICATE_NUMBER.matcher(wanted).matches())) {
            throw new BadParameterException("number", RuleCode.FIELD_FORMAT.with(), "number must be a certificate number "
                    + "as printed (letters, digits and - . / _, at most " + CERTIFICATE_NUMBER_MAX + " characters)");
        }
        LocalDate today = LocalDate.now(certificateClock);
        LocalDate day = blank(asOf) ? today : RequestParameters.date("asOf", asOf);
        model.addAttribute("number", wanted);
        model.addAttribute("asOf", day);
        // A day still to come is answered as decided so far, which later decisions may change: the page says so.
        model.addAttribute("todayIfAhead", day.isAfter(today) ? today : null);
        model.addAttribute("certificate", wanted == null ? null
                : queries.query(new GetCertificate(wanted, day), ResponseTypes.optionalInstanceOf(CertificateView.class))
                        .join().orElse(null));
        return "console/certificate";
    }

    /** What a report's QR code said, as the check page repeats it. */
    record CheckedReport(String auditId, String version, String sha256, String tree) {
    }

    /** An entry of the trail page: the event as stored, and its fields in words. */
    record TrailRow(TrailEntry entry, List<TrailText.Field> fields) {
    }

    /**
     * The trail page's filter form as it was sent: the kinds of event ticked, the clause and member as typed, the moments
     * as its pickers show them on the certification body's clock, the order; {@code active} when any filter applies.
     */
    record TrailForm(Set<String> types, String clause, String member, String from, String to, String order,
                     boolean active) {
    }

    /** Everyone who has been on the audit's team, as the trail's member field offers them: by user name. */
    private static List<TeamMember> membersOf(AuditDetail audit) {
        Map<String, TeamMember> members = new LinkedHashMap<>();
        audit.team().forEach(member -> members.putIfAbsent(UserNames.key(member.userName()), member));
        audit.formerMembers().forEach(former -> members.putIfAbsent(UserNames.key(former.member().userName()),
                former.member()));
        return List.copyOf(members.values());
    }

    /**
     * The version of the audit's first event, its opening: where its sheet begins in the project's stream, whose
     * sequence numbers are the versions and which holds the project's earlier audits too (0455-2021-SE.2 begins at
     * 102); null until the trail has the audit's opening.
     */
    private Long firstVersion(AuditId auditId) {
        return queries.query(new GetAuditTrail(auditId, 0, 1), ResponseTypes.optionalInstanceOf(AuditTrail.class)).join()
                .flatMap(trail -> trail.content().stream().findFirst()).map(TrailEntry::sequenceNumber).orElse(null);
    }

    /**
     * The sheet was asked for at a moment or a version before the audit's first event: said in the page's words and
     * a way back to the form. A moment is compared with when the audit was opened (events are dated when they were
     * recorded, not by the audit's own dates); a version ({@code version}) with the version it begins at
     * ({@code firstVersion}; null for a moment, and while the trail does not have the audit's opening yet).
     */
    record NotOpenedYet(String auditId, String point, Instant openedAt, Long version, Long firstVersion) {
    }

    private static final class NotOpenedYetException extends RuntimeException {
        private final NotOpenedYet details;

        NotOpenedYetException(NotOpenedYet details) {
            super("audit " + details.auditId() + " was not opened yet at " + details.point());
            this.details = details;
        }
    }

    @ExceptionHandler(NotOpenedYetException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notOpenedYet(NotOpenedYetException e, Model model, Authentication authentication) {
        model.addAttribute("kind", ProblemFormat.NOT_FOUND);
        model.addAttribute("message", e.getMessage());
        model.addAttribute("notOpened", e.details);
        model.addAttribute("times", times);
        model.addAttribute("user", authentication == null ? null : ConsoleUser.of(authentication));
        return "console/error";
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NotFoundException e, Model model, Authentication authentication) {
        model.addAttribute("kind", ProblemFormat.NOT_FOUND);
        model.addAttribute("message", e.getMessage());
        model.addAttribute("user", authentication == null ? null : ConsoleUser.of(authentication));
        return "console/error";
    }

    /** A page's required parameter is missing (the report check's {@code sha256}, say): said as any rule. */
    @ExceptionHandler(MissingServletRequestParameterException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String missingParameter(MissingServletRequestParameterException e, Model model, Locale locale,
                            Authentication authentication, HttpServletRequest request) {
        return badParameter(new InvalidInputException(e.getParameterName(), RuleCode.FIELD_REQUIRED.with(),
                e.getParameterName() + " is required"), model, locale, authentication, request);
    }

    /** A page's parameter outside the range it declares ({@code @Min}, {@code @Max}): said as any rule. */
    @ExceptionHandler(HandlerMethodValidationException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String parameterOutOfRange(HandlerMethodValidationException e, Model model, Locale locale,
                               Authentication authentication, HttpServletRequest request) {
        // The pages declare ranges only; a day-bound rule (@PastOrPresent) would be said with the body's calendar.
        return badParameter(ProblemResponses.invalidInput(e, certificateClock), model, locale, authentication, request);
    }

    /** A page's parameter the binder could not read (a page number that is no whole number): said as any rule. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String unreadableParameter(MethodArgumentTypeMismatchException e, Model model, Locale locale,
                               Authentication authentication, HttpServletRequest request) {
        return badParameter(ProblemResponses.invalidInput(e), model, locale, authentication, request);
    }

    /**
     * The page asked for without the query parameter at fault, so that a mistyped or unreadable one is one click
     * away from the page meant; null when the parameter is not in the query (a path variable) or not a GET.
     */
    static String withoutParameter(HttpServletRequest request, String parameter) {
        if (!"GET".equals(request.getMethod()) || request.getQueryString() == null || parameter == null
                || !request.getParameterMap().containsKey(parameter)) {
            return null;
        }
        return new ConsoleMessages.PageLinks(request.getRequestURI(), request.getQueryString()).without(parameter);
    }

    /** A parameter of a page broke a rule, or is none of the page's (web-security's UnknownParameterInterceptor). */
    @ExceptionHandler(InvalidInputException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badParameter(InvalidInputException e, Model model, Locale locale, Authentication authentication,
                        HttpServletRequest request) {
        model.addAttribute("user", authentication == null ? null : ConsoleUser.of(authentication));
        model.addAttribute("kind", ProblemFormat.INVALID_INPUT);
        // The rule in the page's language, as the script says an API problem; the English message only as a fallback.
        String sentence = ConsoleMessages.sentence(e.rule(), locale);
        model.addAttribute("message", sentence == null ? e.getMessage() : sentence);
        model.addAttribute("code", e.rule().code());
        model.addAttribute("parameter", e.field());
        String code = e.rule().code();
        // Left out, an unknown, repeated or not-yet-come parameter leaves the page meant (a moment to come: the sheet now).
        model.addAttribute("without", code.equals(RuleCode.FIELD_UNKNOWN.code()) || code.equals(RuleCode.FIELD_DUPLICATE.code())
                || code.equals(RuleCode.FIELD_FUTURE.code()) ? withoutParameter(request, e.field()) : null);
        model.addAttribute("languages", new ConsoleMessages.PageLinks(request.getRequestURI(), request.getQueryString()));
        return "console/error";
    }

    /** The sheet as the report prints it: parts, their sections, their items, each with its subtotal. */
    static List<SheetPart> sheet(ScorecardView card) {
        Map<String, Subtotal> sections = new LinkedHashMap<>();
        card.sections().forEach(s -> sections.put(s.number(), s));
        List<SheetPart> parts = new ArrayList<>();
        for (Subtotal part : card.parts()) {
            Map<String, List<ScorecardView.Item>> bySection = new LinkedHashMap<>();
            card.items().stream().filter(i -> i.part().equals(part.number()))
                    .forEach(i -> bySection.computeIfAbsent(i.section(), s -> new ArrayList<>()).add(i));
            List<SheetSection> rows = bySection.entrySet().stream()
                    .map(e -> new SheetSection(sections.get(e.getKey()), e.getValue())).toList();
            parts.add(new SheetPart(part, rows));
        }
        return parts;
    }

    /**
     * Expiry is a matter of the date, not an event: the day after the last valid day of a certificate
     * that was not withdrawn, once that day has come; null before it.
     */
    static LocalDate expiredOn(List<ProjectLineage.CertificateChange> changes, LocalDate today) {
        if (changes.isEmpty()) {
            return null;
        }
        if (changes.get(changes.size() - 1).kind() == CertificateHistory.Kind.WITHDRAWN) {
            return null;
        }
        // Only an issue or a renewal sets the validity; the changes after it keep it.
        LocalDate lastValidDay = null;
        for (ProjectLineage.CertificateChange change : changes) {
            if (change.validUntil() != null) {
                lastValidDay = change.validUntil();
            }
        }
        if (lastValidDay == null) {
            return null;
        }
        LocalDate expiry = lastValidDay.plusDays(1);
        return expiry.isAfter(today) ? null : expiry;
    }

    /**
     * Whether the certificate's latest change is a suspension that the register finds past its planned end today: it
     * stays suspended until a decider restores or withdraws it (ISO/IEC 17021-1 9.6.5.2), and the page says so.
     */
    private boolean suspensionOverdue(List<ProjectLineage.CertificateChange> changes, LocalDate today) {
        if (changes.isEmpty() || changes.get(changes.size() - 1).kind() != CertificateHistory.Kind.SUSPENDED) {
            return false;
        }
        return queries.query(new GetCertificate(changes.get(changes.size() - 1).certificateNumber(), today),
                        ResponseTypes.optionalInstanceOf(CertificateView.class)).join()
                .map(CertificateView::suspensionOverdue).orElse(false);
    }

    private PointInTime compareTo(String value) {
        // Digits, signed or not, are a version (-0 is refused as the version field refuses it), never a moment.
        if (SIGNED_DIGITS.matcher(value).matches()) {
            return PointInTime.atVersion(RequestParameters.version("compare", value));
        }
        return PointInTime.asOf(picked("compare", value));
    }

    /** {@link #moment} for a point the page is fixed at: one that has not come yet is refused. */
    private Instant picked(String parameter, String value) {
        return RequestParameters.requirePast(parameter, value, moment(parameter, value, false));
    }

    /**
     * A moment as the picker sends it (a time of day on the certification body's clock) or as the API takes it (with
     * an offset, or a date: its end, or its start where a period begins, {@code start}). A picker's value outside the
     * plausible dates is refused as sent, not as converted.
     */
    private Instant moment(String parameter, String value, boolean start) {
        String withOffset = times.withOffset(value);
        try {
            return start ? RequestParameters.periodStart(parameter, withOffset, zone)
                    : RequestParameters.instant(parameter, withOffset, zone);
        } catch (BadParameterException e) {
            if (withOffset.equals(value)) {
                throw e;
            }
            throw new BadParameterException(parameter, RuleCode.FIELD_INSTANT.with("value", value,
                    "earliest", StrictJson.EARLIEST, "latest", StrictJson.LATEST),
                    parameter + " must be a moment from " + StrictJson.EARLIEST + " to " + StrictJson.LATEST + " ("
                            + zone + "), was '" + value + "'");
        }
    }

    private Optional<ProjectLineage> lineage(AuditDetail audit) {
        return queries.query(new GetProjectLineage(new ProjectNumber(audit.projectNumber())),
                ResponseTypes.optionalInstanceOf(ProjectLineage.class)).join();
    }

    /** Whether no audit of the project follows this one in its lineage. */
    private static boolean latestOfItsProject(ProjectLineage lineage, AuditDetail audit) {
        return !lineage.audits().isEmpty()
                && lineage.audits().get(lineage.audits().size() - 1).auditId().equals(audit.id());
    }

    private Optional<AuditDetail> audit(String id) {
        return queries.query(new GetAudit(new AuditId(id)), ResponseTypes.optionalInstanceOf(AuditDetail.class)).join();
    }

    private Optional<ScorecardView> scorecard(AuditId id) {
        return queries.query(new GetScorecard(id), ResponseTypes.optionalInstanceOf(ScorecardView.class)).join();
    }

    private static String lines(List<String> values) {
        return values == null ? "" : String.join("\n", values);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
