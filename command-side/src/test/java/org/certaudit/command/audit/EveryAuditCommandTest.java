package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.audit.AuditFixtures.DECIDED_ON;
import static org.certaudit.command.audit.AuditFixtures.FIRST;
import static org.certaudit.command.audit.AuditFixtures.REPORT_DATE;
import static org.certaudit.command.audit.AuditFixtures.REVIEWED_ON;
import static org.certaudit.command.audit.AuditFixtures.concat;
import static org.certaudit.command.audit.AuditFixtures.granted;
import static org.certaudit.command.audit.AuditFixtures.readyToScore;
import static org.certaudit.command.audit.AuditFixtures.versionAfter;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SchemeCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command an existing audit takes, one example each, against the rules that hold for all of them. The examples
 * are checked against {@link AuditCommand}'s sealed list, so a command added later fails
 * {@link #everyAuditCommandHasAnExample()} until it is given one here, and with it these rules.
 */
class EveryAuditCommandTest {

    /** A command and the user who may send it to an audit of {@link AuditFixtures}. */
    record Sent(AuditCommand command, String user) {

        @Override
        public String toString() {
            return command.getClass().getSimpleName() + " by " + user;
        }
    }

    static List<Sent> examples() {
        OnSitePeriod later = new OnSitePeriod(LocalDate.of(2021, 6, 12), LocalDate.of(2021, 6, 14),
                new BigDecimal("3.0"), null, null);
        TeamMember expert = new TeamMember("C", "王技术", TeamRole.TECHNICAL_EXPERT, null, "02.01.01", "010-5550-0103",
                "expert");
        return List.of(
                new Sent(new ScoreItem(FIRST, "5.1.1.1", Percent.of("90"), "现场审查记录", null), "auditor"),
                new Sent(new MarkItemNotApplicable(FIRST, "5.1.1.2", "不涉及该业务"), "auditor"),
                new Sent(new RestoreItemApplicability(FIRST, "5.1.1.2", "受审查方有该业务"), "auditor"),
                new Sent(new AssignTeamMember(FIRST, expert), "admin"),
                new Sent(new RemoveTeamMember(FIRST, "B", "调岗"), "admin"),
                new Sent(new SignPledge(FIRST, null, REPORT_DATE), "auditor"),
                new Sent(new CorrectPledgeDate(FIRST, "B", REPORT_DATE.minusDays(2), "误用默认日期"), "auditor"),
                new Sent(new RescheduleOnSiteAudit(FIRST, later, "受审查方申请改期", LocalDate.of(2021, 6, 1)), "admin"),
                new Sent(new RecordSpecialItem(FIRST, SpecialItemKind.DEDUCTION, "投诉未在时限内处理", "5.2.2.3",
                        "GB/T 27922 特殊项：投诉处理超时"),
                        "leader"),
                new Sent(new WithdrawSpecialItem(FIRST, "S1", "误记"), "leader"),
                new Sent(new RecordFindings(FIRST, List.of("服务网点覆盖全面"), List.of("回访记录不完整")), "leader"),
                new Sent(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), "leader"),
                new Sent(new ReopenAudit(FIRST, "补充证据"), "leader"),
                new Sent(new AcceptReview(FIRST, REVIEWED_ON, null), "reviewer"),
                new Sent(new ReturnToTeam(FIRST, REVIEWED_ON, List.of("5.2.2.3 证据不足")), "reviewer"),
                new Sent(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "符合要求", null, 1), "decider"),
                new Sent(new CancelAudit(FIRST, "受审查方撤回申请"), "admin"));
    }

    /** The special item the withdrawal names, so that it meets the audit's state and not an unknown reference. */
    private static final SpecialItemRecorded SPECIAL_ITEM = new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.DEDUCTION,
            "投诉未在时限内处理", "5.2.2.3", "GB/T 27922 特殊项：投诉处理超时");

    private FixtureConfiguration<Project> fixture;

    private void start() {
        fixture = new AggregateTestFixture<>(Project.class);
        fixture.registerInjectableResource(SchemeCatalog.shipped());
        fixture.registerInjectableResource(CertificatePolicy.defaults());
    }

    @Test
    void everyAuditCommandHasAnExample() {
        Set<Class<?>> exemplified = examples().stream().map(sent -> sent.command().getClass()).collect(Collectors.toSet());
        assertThat(exemplified).containsExactlyInAnyOrderElementsOf(leaves(AuditCommand.class).toList());
    }

    /**
     * A change to a cancelled audit could never be made, whatever version it was sent on: its rule answers
     * (409 {@code audit.cancelled}), not a stale {@code If-Match} (412), which would only send the client to reload and
     * meet the rule then (RFC 9110 13.2.1). Nothing is stored.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aCancelledAuditAnswersEveryCommandByItsRuleWhateverVersionItWasSentOn(Sent sent) {
        start();
        List<AuditEvent> cancelled = concat(readyToScore(), SPECIAL_ITEM, new AuditCancelled(FIRST, "admin", "客户撤回申请"));
        fixture.given(cancelled)
                .when(sent.command(), AuditFixtures.as(sent.user()).and(AuditMetaData.EXPECTED_VERSION, 1L))
                .expectNoEvents()
                .expectException(ruleOneOf(Set.of("audit.cancelled")));
    }

    /** The same for a decided audit, whose record stands (ISO/IEC 17065 7.6): 409, not 412, and nothing stored. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aDecidedAuditAnswersEveryCommandByItsRuleWhateverVersionItWasSentOn(Sent sent) {
        start();
        List<AuditEvent> decided = new ArrayList<>(granted());
        decided.add(readyToScore().size(), SPECIAL_ITEM);
        assertThat(versionAfter(decided)).isGreaterThan(1);
        fixture.given(decided)
                .when(sent.command(), AuditFixtures.as(sent.user()).and(AuditMetaData.EXPECTED_VERSION, 1L))
                .expectNoEvents()
                .expectException(ruleOneOf(DECIDED_RULES));
    }

    /**
     * The rules a decided audit answers with: its own state (a change to its sheet, team, pledges or findings; a second
     * decision), or the rule of the command about a decided audit (no cancelling, reopening, reviewing or rescheduling).
     */
    private static final Set<String> DECIDED_RULES = Set.of("audit.decided", "cancel.decided", "reopen.decided",
            "review.decided", "decision.already-decided");

    /** A 409 refusal of one of {@code codes}. */
    private static org.hamcrest.Matcher<Object> ruleOneOf(Set<String> codes) {
        return new org.hamcrest.TypeSafeDiagnosingMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item, org.hamcrest.Description mismatch) {
                if (!(item instanceof BrokenRuleException refusal)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                mismatch.appendText("was ").appendValue(refusal.rule().code());
                return codes.contains(refusal.rule().code());
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a 409 refusal of one of ").appendValue(codes);
            }
        };
    }

    /** The records a sealed interface permits, through the sealed interfaces it permits. */
    private static Stream<Class<?>> leaves(Class<?> type) {
        if (!type.isSealed()) {
            return Stream.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(EveryAuditCommandTest::leaves);
    }
}
