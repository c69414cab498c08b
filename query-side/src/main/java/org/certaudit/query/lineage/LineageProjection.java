package org.certaudit.query.lineage;

import static org.certaudit.query.DocumentValues.date;
import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.number;
import static org.certaudit.query.DocumentValues.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.query.EventContext;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.audit.AuditScoring;
import org.certaudit.query.scorecard.ScoringDocuments;
import org.certaudit.query.scorecard.ItemDifference;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Scorecard;
import org.springframework.stereotype.Component;

/**
 * Keeps one document per project ({@code _id} = project number) holding each audit's type, dates,
 * status and scoring, so that the whole lineage is one point lookup. Totals, grades and changes
 * are computed on each question by the shared scoring rules.
 */
@Component
@ProcessingGroup(LineageProjection.PROCESSING_GROUP)
class LineageProjection implements ReadModel {

    static final String PROCESSING_GROUP = "project-lineage";
    static final String LINEAGES = "query_project_lineage";

    private final ReadModels readModels;
    private final SchemeCatalog schemes;

    LineageProjection(ReadModels readModels, SchemeCatalog schemes) {
        this.readModels = readModels;
        this.schemes = schemes;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(LINEAGES);
    }

    @EventHandler
    void on(AuditEvent event, EventContext context) {
        AuditId auditId = event.auditId();
        readModels.replaceOnce(LINEAGES, auditId.projectNumber().value(), context, current -> {
            List<Document> audits = new ArrayList<>(current == null ? List.of() : current.getList("audits", Document.class));
            Document audit = audits.stream().filter(a -> auditId.value().equals(a.getString("auditId"))).findFirst()
                    .orElse(null);
            if (audit == null) {
                if (!(event instanceof AuditOpened)) {
                    throw new IllegalStateException("event " + event.getClass().getSimpleName() + " for audit "
                            + auditId + " arrived before the audit was opened");
                }
                audit = new Document("auditId", auditId.value()).append("auditNumber", auditId.sequence());
                audits.add(audit);
            }
            apply(audit, event);
            audit.append("version", context.sequenceNumber())
                    .append("scoring", ScoringDocuments.toDocument(ScoringDocuments.fromDocument(audit.get("scoring", Document.class)).apply(event)));
            return new Document("audits", audits);
        });
    }

    private static void apply(Document audit, AuditEvent event) {
        if (event instanceof AuditOpened opened) {
            audit.append("type", opened.type().name())
                    .append("predecessor", opened.predecessor() == null ? null : opened.predecessor().value())
                    .append("onSiteFrom", text(opened.onSiteFrom()))
                    .append("onSiteTo", text(opened.onSiteTo()))
                    .append("status", AuditStatus.OPEN.name());
        } else if (event instanceof GradeRecommended recommended) {
            audit.append("status", AuditStatus.FINISHED.name()).append("recommendedGrade", recommended.grade().name());
        } else if (event instanceof AuditReopened) {
            audit.append("status", AuditStatus.REOPENED.name()).append("recommendedGrade", null);
        }
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    @QueryHandler
    Optional<ProjectLineage> handle(GetProjectLineage query) {
        Document lineage = readModels.find(LINEAGES, query.projectNumber().value());
        if (lineage == null) {
            return Optional.empty();
        }
        List<Document> audits = new ArrayList<>(lineage.getList("audits", Document.class));
        audits.sort(Comparator.comparingInt(audit -> audit.getInteger("auditNumber")));
        Map<String, Scorecard> scorecards = new HashMap<>();
        List<ProjectLineage.Audit> result = new ArrayList<>();
        int cycle = 0;
        String previous = null;
        for (Document audit : audits) {
            AuditType type = enumValue(audit, "type", AuditType.class);
            if (type.startsCycle() || cycle == 0) {
                cycle++;
            }
            AuditScoring scoring = ScoringDocuments.fromDocument(audit.get("scoring", Document.class));
            Scorecard card = scoring.scorecard(schemes.pinned(scoring.schemeId(), scoring.schemeVersion()));
            String auditId = audit.getString("auditId");
            scorecards.put(auditId, card);
            String comparedWith = audit.getString("predecessor") != null && scorecards.containsKey(audit.getString("predecessor"))
                    ? audit.getString("predecessor")
                    : previous;
            result.add(new ProjectLineage.Audit(auditId, type, cycle, date(audit, "onSiteFrom"), date(audit, "onSiteTo"),
                    enumValue(audit, "status", AuditStatus.class), number(audit, "version"), card.total(), card.grade(),
                    card.complete(), enumValue(audit, "recommendedGrade", Grade.class), comparedWith,
                    comparedWith == null ? List.of() : ItemDifference.between(scorecards.get(comparedWith), card, true)));
            previous = auditId;
        }
        return Optional.of(new ProjectLineage(query.projectNumber().value(), cycle, result));
    }
}
