package org.certaudit.command.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.Organization;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.command.web.InvalidFieldException;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.web.Decimals;
import org.certaudit.web.NullOrNotBlank;
import org.certaudit.web.RuleCode;
import org.certaudit.web.TextRules;

/**
 * The request bodies of the audit endpoints. Bean validation checks each field's shape and
 * names it in the 400; the checks across fields name the field they blame. Text is blank as
 * {@link TextRules#isBlank} says wherever it is judged, here as in {@code @NotBlank} and the commands' {@link Shape}.
 */
final class AuditRequests {

    static final String TEXT_TOO_LONG = "must be at most {max} characters";
    /** {@code onSiteDays}: half days at most, as the report's 1.10 gives them (the constraint's own words name no unit). */
    static final String DAYS_DIGITS = "must be a number of days with at most 1 decimal (2.5 for two and a half)";
    /**
     * {@code onSiteDays}: a bound of its own, so that 1000 days is one error about its size and not also one about
     * decimals it does not have (the period's own calendar days bound it further, {@link #onSite}).
     */
    static final String DAYS_MAX = "must be at most 999.9 days";

    /** Digits with the usual separators; at least three digits, so that separators alone are no number. */
    static final String PHONE = "(?=(?:[^0-9]*[0-9]){3})[0-9+()\\- ]{3,30}";
    static final String PHONE_RULE = "must be a phone number: at least 3 digits, with spaces, + - ( ) allowed";

    /**
     * A user name of visible characters and spaces: none of Unicode's format characters (zero-width space and joiners,
     * bidirectional marks, the soft hyphen, the byte order mark) nor control characters (a tab, a line break), which
     * {@code UserNames} keeps when it compares names. Pasted into a name (a zero-width space inside {@code auditor}), one
     * looks like {@code auditor} on every page but names a member nobody signs in as, whose missing pledge then holds up
     * the recommendation. A PRECIS username (RFC 8265 3.3) has none either: its IdentifierClass (RFC 8264 9) disallows
     * controls and default-ignorable code points, and joiners outside the scripts that need them.
     */
    static final String VISIBLE = "[^\\p{Cf}\\p{Cc}]*";
    static final String VISIBLE_RULE = "must have no invisible characters (zero-width spaces or joiners, bidirectional "
            + "marks, soft hyphens) nor tabs or line breaks";

    private AuditRequests() {
    }

    @Schema(description = "The report's basic information (1.1 to 1.10) for a new audit of a project")
    record OpenAuditRequest(
            @Schema(description = "项目编号; a new project's without lower-case letters (open.project-number-upper-case)",
                    example = "0455-2021-SE")
            @NotBlank @Pattern(regexp = "[0-9A-Za-z][0-9A-Za-z-]{2,39}",
                    message = "must be 3 to 40 letters, digits or dashes, starting with a letter or digit")
            String projectNumber,
            @Schema(description = "审查类型", example = "INITIAL") @NotNull AuditType type,
            @Schema(description = "The scheme; defaults to CTS-ISC-JSGF-06", example = "CTS-ISC-JSGF-06")
            @Size(max = 100) String schemeId,
            @Schema(description = "Required for an INITIAL audit; a SURVEILLANCE or RECERTIFICATION takes its predecessor's when omitted")
            @Valid OrganizationRequest organization,
            @Schema(description = "与总部不在同一地址的多场所情况", example = "无") @Size(max = 2000, message = TEXT_TOO_LONG)
            String otherSites,
            @Schema(description = "审查范围; required for an INITIAL audit, else the predecessor's when omitted")
            @NullOrNotBlank @Size(max = 4000, message = TEXT_TOO_LONG) String scope,
            @Schema(description = "审查准则; a SURVEILLANCE or RECERTIFICATION takes its predecessor's when omitted") @Size(max = 20) List<@NotBlank @Size(max = 500, message = TEXT_TOO_LONG) String> criteria,
            @Schema(description = "First on-site day", example = "2021-06-05") @NotNull LocalDate onSiteFrom,
            @Schema(description = "Last on-site day", example = "2021-06-07") @NotNull LocalDate onSiteTo,
            @Schema(description = "On-site days, in tenths at most", example = "3.0")
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "999.9", message = DAYS_MAX) @Decimals(fraction = 1, message = DAYS_DIGITS) BigDecimal onSiteDays,
            @Schema(description = "The half of the first on-site day the period starts in (上午 / 下午); omitted: not said",
                    example = "MORNING") HalfDay onSiteFromHalfDay,
            @Schema(description = "The half of the last on-site day the period ends in; omitted: not said",
                    example = "AFTERNOON") HalfDay onSiteToHalfDay,
            @Schema(description = "Assign the predecessor's team to the new audit (each member signs the pledge afresh)",
                    defaultValue = "false") Boolean copyTeam) {

        OpenAuditRequest {
            onSiteDays = tenths(onSiteDays);
        }

        OpenAudit toCommand() {
            if (type == AuditType.INITIAL && organization == null) {
                throw new InvalidFieldException("organization", RuleCode.OPEN_REQUIRED_FOR_INITIAL.with(), "is required for an INITIAL audit");
            }
            if (type == AuditType.INITIAL && (scope == null || TextRules.isBlank(scope))) {
                throw new InvalidFieldException("scope", RuleCode.OPEN_REQUIRED_FOR_INITIAL.with(), "is required for an INITIAL audit");
            }
            onSite(onSiteFrom, onSiteTo, onSiteDays, onSiteFromHalfDay, onSiteToHalfDay);
            return new OpenAudit(new ProjectNumber(projectNumber), type,
                    schemeId == null || TextRules.isBlank(schemeId) ? SchemeCatalog.DEFAULT_SCHEME_ID : schemeId.strip(),
                    organization == null ? null : organization.toOrganization(), otherSites, scope, criteria, onSiteFrom,
                    onSiteTo, onSiteDays, onSiteFromHalfDay, onSiteToHalfDay, Boolean.TRUE.equals(copyTeam));
        }
    }

    /**
     * Trailing zeros are no decimals: {@code 3.00} on-site days are 3.0, as the period itself counts tenths ({@link Shape}),
     * so they are taken at one decimal before {@code @Decimals} looks; {@code 2.25} stays two and is refused.
     */
    static BigDecimal tenths(BigDecimal days) {
        if (days != null && days.scale() > 1 && days.stripTrailingZeros().scale() <= 1) {
            return days.setScale(1, java.math.RoundingMode.UNNECESSARY);
        }
        return days;
    }

    /**
     * The checks across the fields of an on-site period, opened or rescheduled, each naming the field it blames: the
     * last day not before the first, a one-day period not starting in the afternoon and ending in the morning, the
     * on-site days at most the calendar days and at most the half-days between the period's first and last half-day.
     */
    static OnSitePeriod onSite(LocalDate onSiteFrom, LocalDate onSiteTo, BigDecimal onSiteDays, HalfDay onSiteFromHalfDay,
                               HalfDay onSiteToHalfDay) {
        if (onSiteTo.isBefore(onSiteFrom)) {
            throw new InvalidFieldException("onSiteTo", RuleCode.OPEN_ON_SITE_ORDER.with("onSiteFrom", onSiteFrom),
                    "must not be before onSiteFrom " + onSiteFrom);
        }
        if (onSiteTo.equals(onSiteFrom) && onSiteFromHalfDay == HalfDay.AFTERNOON && onSiteToHalfDay == HalfDay.MORNING) {
            throw new InvalidFieldException("onSiteToHalfDay", RuleCode.OPEN_ON_SITE_HALF_DAY_ORDER.with(
                    "onSiteFrom", onSiteFrom), "must not be MORNING when the one on-site day " + onSiteFrom
                    + " starts in the AFTERNOON");
        }
        long calendarDays = ChronoUnit.DAYS.between(onSiteFrom, onSiteTo) + 1;
        if (onSiteDays.compareTo(BigDecimal.valueOf(calendarDays)) > 0) {
            throw new InvalidFieldException("onSiteDays", RuleCode.OPEN_ON_SITE_DAYS.with("calendarDays", calendarDays),
                    "must be at most the " + calendarDays
                    + " calendar days from onSiteFrom to onSiteTo");
        }
        OnSitePeriod period = new OnSitePeriod(onSiteFrom, onSiteTo, onSiteDays, onSiteFromHalfDay, onSiteToHalfDay);
        BigDecimal span = period.span();
        if (onSiteDays.compareTo(span) > 0) {
            throw new InvalidFieldException("onSiteDays", RuleCode.OPEN_ON_SITE_HALF_DAYS.with("days",
                    span.toPlainString()), "must be at most the " + span.toPlainString()
                    + " days from onSiteFrom's " + onSiteFromHalfDay + " to onSiteTo's " + onSiteToHalfDay);
        }
        return period;
    }

    @Schema(description = "The audited organization (1.1, 1.3 to 1.5)")
    record OrganizationRequest(
            @Schema(description = "受审查方名称") @NotBlank @Size(max = 300, message = TEXT_TOO_LONG) String name,
            @Schema(description = "工商注册地址") @Size(max = 500, message = TEXT_TOO_LONG) String registeredAddress,
            @Schema(example = "831100") @Pattern(regexp = "\\d{6}", message = "must be a 6-digit postcode") String registeredPostcode,
            @Schema(description = "审查地址") @Size(max = 500, message = TEXT_TOO_LONG) String auditAddress,
            @Schema(example = "831100") @Pattern(regexp = "\\d{6}", message = "must be a 6-digit postcode") String auditPostcode,
            @Schema(description = "联系人") @Size(max = 100, message = TEXT_TOO_LONG) String contactName,
            @Schema(description = "职务") @Size(max = 100, message = TEXT_TOO_LONG) String contactTitle,
            @Schema(example = "010-5550-0100")
            @Pattern(regexp = PHONE, message = PHONE_RULE) String contactPhone,
            @Schema(example = "contact@example.com") @Email @Size(max = 254) String contactEmail) {

        Organization toOrganization() {
            return new Organization(name.strip(), registeredAddress, registeredPostcode, auditAddress, auditPostcode,
                    contactName, contactTitle, contactPhone, contactEmail);
        }
    }

    @Schema(description = "A member of the audit team (审查组成员)")
    record TeamMemberRequest(
            @Schema(description = "代码", example = "A") @NotNull @Pattern(regexp = "[A-Z]{1,2}",
                    message = "must be one or two capital letters") String code,
            @Schema(description = "姓名", example = "李雅宁") @NotBlank @Size(max = 100, message = TEXT_TOO_LONG) String name,
            @Schema(description = "组内身份", example = "LEADER") @NotNull TeamRole role,
            @Schema(description = "注册证书号", example = "DEMO-0001") @Size(max = 100) String registrationNumber,
            @Schema(description = "相关专业", example = "02.01.01") @Pattern(regexp = "\\d{2}(\\.\\d{2}){0,3}",
                    message = "must be a specialty code like 02.01.01") String specialtyCode,
            @Schema(example = "010-5550-0101") @Pattern(regexp = PHONE, message = PHONE_RULE) String phone,
            @Schema(description = "The user name this member signs in with; compared regardless of case and width "
                    + "(Unicode NFKC, then lower case): AUDITOR and ａｕｄｉｔｏｒ name user auditor", example = "leader")
            @NotBlank @Size(max = 100) @Pattern(regexp = VISIBLE, message = VISIBLE_RULE) String userName) {

        AssignTeamMember toCommand(AuditId auditId) {
            return new AssignTeamMember(auditId, new TeamMember(code, name.strip(), role, registrationNumber,
                    specialtyCode, phone, userName.strip()));
        }
    }

    @Schema(description = "The signer's impartiality and confidentiality pledge (公正性和保密承诺)")
    record PledgeRequest(
            @Schema(description = "The day the pledge was signed", example = "2021-06-07") @NotNull @PastOrPresent LocalDate signedOn,
            @Schema(description = "Optional: the signer's own team code, as a check", example = "A")
            @Pattern(regexp = "[A-Z]{1,2}", message = "must be one or two capital letters") String memberCode) {
    }

    @Schema(description = "A correction of the day the member's own pledge was recorded as signed on, with the reason")
    record PledgeCorrectionRequest(
            @Schema(description = "The day the pledge was in fact signed", example = "2021-06-05") @NotNull @PastOrPresent
            LocalDate signedOn,
            @Schema(description = "Why the recorded day was wrong", example = "签署时误用了表单默认日期")
            @NotBlank @Size(max = 2000, message = TEXT_TOO_LONG) String reason) {
    }

    /**
     * A score. The percent is judged by its range and its decimals, one error for each rule it breaks: {@code 1000} or
     * {@code 1e400} is out of range only, {@code 50.125} has too many decimals, and trailing zeros are no decimals
     * ({@code 50.10000} is 50.1, {@code 0e3} is 0), as the score itself ({@code Percent}) counts them.
     */
    @Schema(description = "A score: percent with up to 2 decimals and the evidence; a reason to change an existing score")
    record ScoreRequest(
            @Schema(description = "分项得分%", example = "97.5")
            @NotNull @DecimalMin(value = "0", message = "must be between 0 and 100")
            @DecimalMax(value = "100", message = "must be between 0 and 100")
            @Decimals(fraction = 2, message = "must have at most 2 decimals") BigDecimal percent,
            @Schema(description = "The evidence the score rests on") @NotBlank @Size(max = 4000, message = TEXT_TOO_LONG)
            String note,
            @Schema(description = "Why an existing score changes (needed then)") @Size(max = 2000, message = TEXT_TOO_LONG)
            String reason) {

        ScoreItem toCommand(AuditId auditId, String item) {
            return new ScoreItem(auditId, item, new Percent(percent), note, reason);
        }
    }

    @Schema(description = "Why an item is not applicable (不涉及)")
    record NotApplicableRequest(@NotBlank @Size(max = 2000, message = TEXT_TOO_LONG) String reason) {
    }

    @Schema(description = "A special item (特别项): a deduction with its finding and clause, or a bonus")
    record SpecialItemRequest(
            @Schema(example = "DEDUCTION") @NotNull SpecialItemKind kind,
            @Schema(description = "The finding (needed for a deduction)") @Size(max = 4000, message = TEXT_TOO_LONG) String finding,
            @Schema(description = "The clause or dimension code it concerns (needed for a deduction)", example = "5.3.3.2")
            @Size(max = 20) String clause,
            @NotBlank @Size(max = 2000, message = TEXT_TOO_LONG) String reason) {

        RecordSpecialItem toCommand(AuditId auditId) {
            if (kind == SpecialItemKind.DEDUCTION && (finding == null || TextRules.isBlank(finding))) {
                throw new InvalidFieldException("finding", RuleCode.SPECIAL_DEDUCTION_FINDING.with(), "is required for a deduction");
            }
            if (kind == SpecialItemKind.DEDUCTION && (clause == null || TextRules.isBlank(clause))) {
                throw new InvalidFieldException("clause", RuleCode.SPECIAL_DEDUCTION_CLAUSE.with(),
                        "is required for a deduction: the clause it breaks");
            }
            return new RecordSpecialItem(auditId, kind, finding, clause, reason);
        }
    }

    @Schema(description = "The findings as they now stand; they replace the previous ones")
    record FindingsRequest(
            @Schema(description = "服务系统的优势") @NotNull @Size(max = 50)
            List<@NotBlank @Size(max = 10000, message = TEXT_TOO_LONG) String> strengths,
            @Schema(description = "服务系统改进方向") @NotNull @Size(max = 50)
            List<@NotBlank @Size(max = 10000, message = TEXT_TOO_LONG) String> improvements) {
    }

    @Schema(description = "The leader's recommendation: the grade the scoring rules give, or NOT_GRADED")
    record RecommendationRequest(
            @Schema(example = "TEN_STAR") @NotNull Grade grade,
            @Schema(description = "编制日期", example = "2021-06-07") @NotNull @PastOrPresent LocalDate reportDate) {
    }

    @Schema(description = "Why a recommended audit is reopened")
    record ReopenRequest(@NotBlank @Size(max = 2000, message = TEXT_TOO_LONG) String reason) {
    }

    @Schema(description = "The audit's new on-site period (report 1.10), all of it, and why it moves")
    record RescheduleRequest(
            @Schema(description = "First on-site day", example = "2021-06-12") @NotNull LocalDate onSiteFrom,
            @Schema(description = "Last on-site day", example = "2021-06-14") @NotNull LocalDate onSiteTo,
            @Schema(description = "On-site days, in tenths at most", example = "3.0")
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "999.9", message = DAYS_MAX) @Decimals(fraction = 1, message = DAYS_DIGITS) BigDecimal onSiteDays,
            @Schema(description = "The half of the first on-site day the period starts in (上午 / 下午); omitted: not said",
                    example = "MORNING") HalfDay onSiteFromHalfDay,
            @Schema(description = "The half of the last on-site day the period ends in; omitted: not said",
                    example = "AFTERNOON") HalfDay onSiteToHalfDay,
            @Schema(description = "Why the on-site period moves", example = "受审查方申请改期：原定日期与其年度盘点冲突")
            @NotBlank @Size(max = 2000, message = TEXT_TOO_LONG) String reason) {

        RescheduleRequest {
            onSiteDays = tenths(onSiteDays);
        }

        OnSitePeriod period() {
            return onSite(onSiteFrom, onSiteTo, onSiteDays, onSiteFromHalfDay, onSiteToHalfDay);
        }
    }

    @Schema(description = "Why the audit is cancelled (opened in error, on dates it cannot be held on, withdrawn by the client)")
    record CancellationRequest(@NotBlank @Size(max = 2000, message = TEXT_TOO_LONG) String reason) {
    }

    /** What the technical reviewer concludes. */
    enum ReviewOutcome { ACCEPT, RETURN }

    @Schema(description = "The technical review (技术评审): ACCEPT, or RETURN to the team with findings")
    record ReviewRequest(
            @Schema(example = "ACCEPT") @NotNull ReviewOutcome outcome,
            @Schema(description = "The day of the review", example = "2021-06-20") @NotNull @PastOrPresent LocalDate reviewedOn,
            @Schema(description = "A note on an acceptance (ACCEPT only; a RETURN says what must change in its findings)")
            @Size(max = 4000, message = TEXT_TOO_LONG) String note,
            @Schema(description = "What must change (needed to RETURN)") @Size(max = 50)
            List<@NotBlank @Size(max = 4000, message = TEXT_TOO_LONG) String> findings) {

        Object toCommand(AuditId auditId) {
            if (outcome == ReviewOutcome.RETURN && (findings == null || findings.isEmpty())) {
                throw new InvalidFieldException("findings", RuleCode.REVIEW_RETURN_FINDINGS.with(),
                        "are required to return an audit to its team");
            }
            if (outcome == ReviewOutcome.ACCEPT && findings != null && !findings.isEmpty()) {
                throw new InvalidFieldException("findings", RuleCode.REVIEW_FINDINGS_ONLY_ON_RETURN.with(),
                        "belong to a RETURN; an acceptance carries a note");
            }
            // TechnicalReviewReturned has no note: one sent with a RETURN would be stored nowhere, so it is refused.
            if (outcome == ReviewOutcome.RETURN && note != null && !TextRules.isBlank(note)) {
                throw new InvalidFieldException("note", RuleCode.REVIEW_NOTE_ONLY_ON_ACCEPT.with(),
                        "belongs to an ACCEPT; a return says what must change in its findings");
            }
            return outcome == ReviewOutcome.ACCEPT ? new AcceptReview(auditId, reviewedOn, note)
                    : new ReturnToTeam(auditId, reviewedOn, findings);
        }
    }

    @Schema(description = "The certification decision (认证决定) on a reviewed audit")
    record DecisionRequest(
            @Schema(description = "INITIAL / RECERTIFICATION: GRANT or REFUSE; SURVEILLANCE: MAINTAIN, SUSPEND or WITHDRAW",
                    example = "GRANT") @NotNull DecisionOutcome outcome,
            @Schema(description = "The day of the decision; a certificate is issued on it", example = "2021-07-01")
            @NotNull @PastOrPresent LocalDate decidedOn,
            @Schema(description = "Why") @NotBlank @Size(max = 4000, message = TEXT_TOO_LONG) String reason,
            @Schema(description = "SUSPEND only: the last day of the suspension, at most 6 months ahead", example = "2022-12-01")
            LocalDate suspendedUntil) {

        DecideCertification toCommand(AuditId auditId, long seenVersion) {
            if (outcome == DecisionOutcome.SUSPEND && suspendedUntil == null) {
                throw new InvalidFieldException("suspendedUntil", RuleCode.DECISION_SUSPENSION_UNTIL.with(),
                        "is required to SUSPEND");
            }
            if (outcome != DecisionOutcome.SUSPEND && suspendedUntil != null) {
                throw new InvalidFieldException("suspendedUntil",
                        RuleCode.DECISION_UNTIL_ONLY_ON_SUSPEND.with("outcome", outcome), "belongs to a SUSPEND only, not " + outcome);
            }
            return new DecideCertification(auditId, outcome, decidedOn, reason, suspendedUntil, seenVersion);
        }
    }

    @Schema(description = "Lifting a certificate's suspension (恢复认证)")
    record RestorationRequest(
            @Schema(description = "The first day the certificate is valid again", example = "2022-08-01")
            @NotNull @PastOrPresent LocalDate restoredOn,
            @NotBlank @Size(max = 4000, message = TEXT_TOO_LONG) String reason) {
    }
}
