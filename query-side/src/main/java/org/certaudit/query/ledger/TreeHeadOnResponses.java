package org.certaudit.query.ledger;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.audits.AuditList;
import org.certaudit.query.history.ItemChange;
import org.certaudit.query.lineage.ProjectLineage;
import org.certaudit.query.scorecard.ScorecardDiff;
import org.certaudit.query.scorecard.ScorecardView;
import org.certaudit.query.trail.AuditTrail;
import org.certaudit.query.trail.TrailEntry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every answer about an audit or a project carries the signed tree head it was computed under (issue #13), chosen by
 * {@link LedgerTreeHeads} as the report chooses its own: the earliest head covering the answer's last event, else the
 * latest head with {@code covers=false}. It travels in three headers, {@code Ledger-Tree-Size},
 * {@code Ledger-Root-Hash} (hex) and {@code Ledger-Tree-Head-Time} (ISO-8601), and for a JSON object in a
 * {@code ledger} member ({@link TreeHead}: {@code treeSize}, {@code rootHash}, {@code treeHeadTime}, {@code covers};
 * {@code null} while the ledger has no head). An item's history is a JSON array and keeps its shape: headers only.
 *
 * <p>The answer's last event is what the answer says it shows, never what the store holds now: the scorecard's
 * {@code version} (as of a point too), the later side of a diff, the trail page's last entry, the last change of a
 * history, the highest audit version of a lineage, each listed audit's version, an audit's version. An evidence bundle
 * names its own head: {@code covers} is true when none of its events is pending. The report sets its headers itself
 * from the head it prints; problems carry none.
 *
 * <p>A covering head, once there is one, is the same for every later answer with the same last events (stored events
 * never change, and {@link LedgerTreeHeads} names the earliest head covering them), so it is kept per set of last
 * events, for the {@value #KEPT_ANSWERS} most recently asked, and such an answer costs no store read; an answer
 * not covered yet reads the store each time (its event identifiers, their leaves, the latest head).
 */
@ControllerAdvice
class TreeHeadOnResponses implements ResponseBodyAdvice<Object> {

    static final String TREE_SIZE = TreeHeadHeaders.TREE_SIZE;
    static final String ROOT_HASH = TreeHeadHeaders.ROOT_HASH;
    static final String TREE_HEAD_TIME = TreeHeadHeaders.TREE_HEAD_TIME;
    /** The answers that get a {@code ledger} member, by the schema name OpenAPI gives them. */
    static final List<Class<?>> LEDGERED = List.of(ScorecardView.class, ScorecardDiff.class, AuditTrail.class,
            ProjectLineage.class, AuditDetail.class, AuditList.class, EvidenceBundle.class);

    /** How many sets of last events keep their covering head (a few hundred bytes each). */
    static final int KEPT_ANSWERS = 10_000;

    private final LedgerTreeHeads heads;
    private final MongoCollection<Document> events;
    private final Map<List<String>, TreeHead> covering = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, TreeHead> eldest) {
            return size() > KEPT_ANSWERS;
        }
    };

    TreeHeadOnResponses(LedgerTreeHeads heads, @Qualifier("certauditDatabase") MongoDatabase database) {
        this.heads = heads;
        this.events = database.getCollection(EventDocuments.EVENTS);
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.getContainingClass().getPackageName().startsWith("org.certaudit.query");
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        String path = request.getURI().getPath();
        if (body == null || !(path.startsWith("/api/audits") || path.startsWith("/api/projects"))
            || response.getHeaders().containsKey(TREE_SIZE)) {
            return body;
        }
        Optional<Optional<TreeHead>> chosen = choose(body, projectOf(request));
        if (chosen.isEmpty()) {
            return body;
        }
        chosen.get().ifPresent(head -> headers(head, response));
        return LEDGERED.contains(body.getClass()) ? new Ledgered(body, chosen.get().orElse(null)) : body;
    }

    /** The head for this answer (empty inside when the ledger has none); empty outside for an answer of no audit. */
    private Optional<Optional<TreeHead>> choose(Object body, String project) {
        if (body instanceof EvidenceBundle bundle) {
            boolean covers = bundle.pending() == 0 && bundle.events().stream().allMatch(event -> event.leafIndex() != null);
            return Optional.of(Optional.ofNullable(bundle.treeHead())
                                       .map(head -> TransparencyLogTreeHeads.treeHead(head, covers)));
        }
        List<StreamPoint> last = lastEvents(body, project);
        if (last == null) {
            return Optional.empty();
        }
        List<String> keys = streamKeys(last);
        synchronized (covering) {
            TreeHead kept = covering.get(keys);
            if (kept != null) {
                return Optional.of(Optional.of(kept));
            }
        }
        Optional<TreeHead> head = heads.covering(eventIds(keys));
        head.filter(TreeHead::covers).ifPresent(found -> {
            synchronized (covering) {
                covering.put(keys, found);
            }
        });
        return Optional.of(head);
    }

    /** The answer's last events as (stream, sequence); null for an answer this advice does not know. */
    private static List<StreamPoint> lastEvents(Object body, String project) {
        if (body instanceof ScorecardView scorecard) {
            return List.of(new StreamPoint(projectOfAudit(scorecard.auditId()), scorecard.version()));
        }
        if (body instanceof ScorecardDiff diff) {
            return Stream.of(diff.from(), diff.to()).filter(totals -> totals != null && totals.version() != null)
                         .map(totals -> new StreamPoint(projectOfAudit(diff.auditId()), totals.version()))
                         .max(Comparator.comparingLong(StreamPoint::seq)).stream().toList();
        }
        if (body instanceof AuditTrail trail) {
            return trail.content().stream().max(Comparator.comparingLong(TrailEntry::sequenceNumber))
                        .map(entry -> new StreamPoint(projectOfAudit(trail.auditId()), entry.sequenceNumber()))
                        .stream().toList();
        }
        if (body instanceof ProjectLineage lineage) {
            return lineage.audits().stream().max(Comparator.comparingLong(ProjectLineage.Audit::version))
                          .map(audit -> new StreamPoint(lineage.projectNumber(), audit.version())).stream().toList();
        }
        if (body instanceof AuditDetail audit) {
            return List.of(new StreamPoint(audit.projectNumber(), audit.version()));
        }
        if (body instanceof AuditList list) {
            return list.content().stream().map(audit -> new StreamPoint(audit.projectNumber(), audit.version())).toList();
        }
        if (body instanceof Collection<?> changes && project != null
            && changes.stream().allMatch(ItemChange.class::isInstance)) {
            return changes.stream().map(ItemChange.class::cast).max(Comparator.comparingLong(ItemChange::sequenceNumber))
                          .map(change -> new StreamPoint(project, change.sequenceNumber())).stream().toList();
        }
        return null;
    }

    /** The {@code stream} keys of these points, distinct and sorted; a point with no event (sequence below 0) is left out. */
    private static List<String> streamKeys(List<StreamPoint> points) {
        return points.stream().filter(point -> point.seq() >= 0)
                     .map(point -> EventDocuments.streamKey(point.stream(), point.seq())).distinct().sorted().toList();
    }

    /** The stored event identifiers under these {@code stream} keys (a unique index); empty when one has no event. */
    private Collection<String> eventIds(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        events.find(Filters.in(EventDocuments.STREAM, keys)).projection(Projections.include("eventId"))
              .forEach(document -> ids.add(document.getString("eventId")));
        return ids.size() < keys.size() ? List.of() : ids;
    }

    private static String projectOfAudit(String auditId) {
        return new AuditId(auditId).projectNumber().value();
    }

    /** The project the request's path names (its audit's project, or the project number itself). */
    @SuppressWarnings("unchecked")
    private static String projectOf(ServerHttpRequest request) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            return null;
        }
        Object variables = servlet.getServletRequest().getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (!(variables instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> values = (Map<String, String>) map;
        try {
            if (values.get("id") != null) {
                return projectOfAudit(values.get("id"));
            }
            return values.get("projectNumber");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void headers(TreeHead head, ServerHttpResponse response) {
        response.getHeaders().set(TREE_SIZE, Long.toString(head.treeSize()));
        response.getHeaders().set(ROOT_HASH, head.rootHash());
        response.getHeaders().set(TREE_HEAD_TIME, head.treeHeadTime().toString());
    }

    private record StreamPoint(String stream, long seq) {
    }

    /** The answer as it is, with the {@code ledger} member after its own. */
    record Ledgered(@JsonUnwrapped Object answer, TreeHead ledger) {
    }
}
