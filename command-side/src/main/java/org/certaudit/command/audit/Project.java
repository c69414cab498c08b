package org.certaudit.command.audit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeCatalog;

/**
 * A certification project (one project number) with all its audits, in one event stream.
 *
 * <p>Why one stream per project and not one per audit: the lineage rules (the first audit is
 * initial, one open audit at a time, a surveillance needs the latest finished audit to have
 * passed, a re-certification needs a passed initial or re-certification, a second initial only
 * after a failure) are decided on the history of every audit of the project. Separate audit
 * streams would need a cross-stream check that two concurrent "open" commands could both pass;
 * in one stream, the aggregate version makes the second one fail. The price is that the
 * stream grows over a certification cycle, which snapshots bound.
 *
 * <p>Every command handler checks, in this order: the audit exists, the acting user may act,
 * the named item exists, the rule; then it applies. Business dates come in the commands.
 */
// Revision 2: audits became entities; a snapshot of another revision is ignored (Axon's
// RevisionSnapshotFilter) and the project is rebuilt from its events instead.
@Revision("2")
@Aggregate(snapshotTriggerDefinition = "projectSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Project {

    @AggregateIdentifier
    private ProjectNumber projectNumber;
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    private List<Audit> audits = new ArrayList<>();

    Project() {
        // Axon and Jackson (snapshots) create the project, then replay its events into it.
    }

    /**
     * {@code If-Match}: the caller decided on a version of the stream; anything else than that
     * exact version is refused before any rule runs.
     */
    /** A command about an audit this project does not have is refused in the project's words. */
    @CommandHandlerInterceptor
    Object requireKnownAudit(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        if (command.getPayload() instanceof AuditCommand auditCommand) {
            audit(auditCommand);
        }
        return chain.proceed();
    }

    @CommandHandlerInterceptor
    Object requireExpectedVersion(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        Object expected = command.getMetaData().get(AuditMetaData.EXPECTED_VERSION);
        if (expected != null) {
            long expectedVersion = ((Number) expected).longValue();
            Long current = AggregateLifecycle.getVersion();
            if (current == null || current != expectedVersion) {
                throw new StaleVersionException(expectedVersion, current);
            }
        }
        return chain.proceed();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AuditChange handle(OpenAudit command, SchemeCatalog schemes) {
        Scheme scheme = schemes.current(command.schemeId()).orElseThrow(() -> new UnknownReferenceException(
                "scheme '" + command.schemeId() + "' is not known; known schemes: " + String.join(", ", schemes.ids())));
        requireLineageAllows(command.projectNumber(), command.type());
        AuditId auditId = AuditId.of(command.projectNumber(), audits.size() + 1);
        apply(new AuditOpened(auditId, command.projectNumber(), command.type(),
                latest().map(Audit::id).orElse(null), scheme.id(), scheme.version(), command.organization(),
                command.otherSites(), command.scope(), command.criteria(), command.onSiteFrom(),
                command.onSiteTo(), command.onSiteDays()));
        return changed(auditId);
    }

    @CommandHandler
    AuditChange handle(ReopenAudit command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        audit.requireLeader(user, "reopens it");
        if (!audit.closed()) {
            throw new BrokenRuleException("audit " + audit.id() + " is open; only a recommended audit can be reopened");
        }
        Audit latest = latest().orElseThrow();
        if (!latest.id().equals(audit.id())) {
            throw new BrokenRuleException("only the latest audit of project " + projectNumber
                    + " can be reopened; " + latest.id() + " follows " + audit.id());
        }
        apply(new AuditReopened(audit.id(), command.reason()));
        return changed(audit.id());
    }

    @EventSourcingHandler
    void on(AuditOpened event) {
        projectNumber = event.projectNumber();
        audits.add(new Audit(event));
    }

    private void requireLineageAllows(ProjectNumber project, AuditType type) {
        Optional<Audit> latest = latest();
        if (latest.isEmpty()) {
            if (type != AuditType.INITIAL) {
                throw new BrokenRuleException("the first audit of project " + project + " is an initial audit ("
                        + AuditType.INITIAL.chineseName() + "), not " + type);
            }
            return;
        }
        Audit previous = latest.get();
        if (!previous.closed()) {
            throw new BrokenRuleException("project " + project + " already has an open audit, " + previous.id()
                    + "; one audit at a time, the next opens after its recommendation");
        }
        switch (type) {
            case INITIAL -> {
                if (previous.passed()) {
                    throw new BrokenRuleException("a new initial audit of project " + project
                            + " is allowed only after an audit that did not pass; " + previous.id() + " passed with "
                            + previous.recommendation().orElseThrow().grade() + ", so a surveillance or a "
                            + "re-certification comes next");
                }
            }
            case SURVEILLANCE -> {
                if (!previous.passed()) {
                    throw new BrokenRuleException("a surveillance audit (" + AuditType.SURVEILLANCE.chineseName()
                            + ") needs the latest finished audit of project " + project + " to have passed; "
                            + previous.id() + " did not pass");
                }
            }
            case RECERTIFICATION -> {
                boolean cycleStartPassed = audits.stream().anyMatch(a -> a.type().startsCycle() && a.passed());
                if (!cycleStartPassed) {
                    throw new BrokenRuleException("a re-certification (" + AuditType.RECERTIFICATION.chineseName()
                            + ") needs a passed initial or re-certification audit before it; project " + project
                            + " has none");
                }
            }
        }
    }

    private Audit audit(AuditCommand command) {
        return audits.stream()
                .filter(a -> a.id().equals(command.auditId()))
                .findFirst()
                .orElseThrow(() -> new UnknownReferenceException("project " + projectNumber + " has no audit "
                        + command.auditId()));
    }

    private Optional<Audit> latest() {
        return audits.isEmpty() ? Optional.empty() : Optional.of(audits.get(audits.size() - 1));
    }

    private static AuditChange changed(AuditId auditId) {
        return AuditChange.of(auditId, Objects.requireNonNull(AggregateLifecycle.getVersion()));
    }
}
