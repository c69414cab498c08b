package org.certaudit.benchmark;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.mongodb.client.MongoClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;

/**
 * Fills the store with whole audits, as the command side would have written them, through our event storage
 * engine: one project per audit, opened, a team of two who sign, the seed report's 94 item results, three
 * revisions and the recommendation (about 100 events a project), appended by four writers at once. Event
 * identifiers come from Axon's factory, time-ordered as the event store has them.
 */
final class BulkLoader {

    private static final Organization ORGANIZATION = new Organization("示例家具有限公司", "示例市示例路 1 号", "100000",
            "示例市示例路 1 号", "100000", "张三", "经理", "010-5550-0100", "contact@example.com");
    private static final TeamMember LEADER = new TeamMember("A", "王示例", TeamRole.LEADER, "DEMO-0001", "02.01.01",
            "010-5550-0101", "leader");
    private static final TeamMember AUDITOR = new TeamMember("B", "李示例", TeamRole.MEMBER, "DEMO-0002", "02.01.01",
            "010-5550-0102", "auditor");

    private final MongoEventStorageEngine engine;

    BulkLoader(MongoClient client) {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()).build();
        this.engine = MongoEventStorageEngine.builder().client(client).database(client.getDatabase("certaudit"))
                .eventSerializer(serializer).snapshotSerializer(serializer).build();
    }

    /** Appends at least {@code events} events in new projects numbered from {@code offset}; answers how many. */
    long load(long events, long offset) throws Exception {
        AtomicLong appended = new AtomicLong();
        AtomicLong next = new AtomicLong(offset);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(writers.submit(() -> {
                while (appended.get() < events) {
                    List<DomainEventMessage<?>> audit = audit(new ProjectNumber("BULK-" + next.getAndIncrement()));
                    engine.appendEvents(audit);
                    long total = appended.addAndGet(audit.size());
                    if (total / 100_000 != (total - audit.size()) / 100_000) {
                        System.out.printf("  bulk load: %,d of %,d events%n", total, events);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        writers.shutdown();
        return appended.get();
    }

    private static List<DomainEventMessage<?>> audit(ProjectNumber project) {
        AuditId auditId = AuditId.of(project, 1);
        LocalDate from = LocalDate.of(2021, 6, 5);
        List<AuditEvent> payloads = new ArrayList<>();
        payloads.add(new AuditOpened(auditId, project, AuditType.INITIAL, null, "CTS-ISC-JSGF-06", "1", ORGANIZATION,
                "无", "示例产品的售后服务成熟度", List.of("CTS ISC-JSGF-06《商品售后服务成熟度认证技术规范》"), from,
                from.plusDays(2), new BigDecimal("3.0")));
        payloads.add(new TeamMemberAssigned(auditId, LEADER));
        payloads.add(new TeamMemberAssigned(auditId, AUDITOR));
        payloads.add(new PledgeSigned(auditId, "A", from));
        payloads.add(new PledgeSigned(auditId, "B", from));
        Map<String, ItemResult> results = SeedReport.itemResults();
        List<String> revisable = new ArrayList<>();
        results.forEach((clause, result) -> {
            if (result.notApplicable()) {
                payloads.add(new ItemMarkedNotApplicable(auditId, clause, null, "不涉及：本组织无此项业务"));
            } else {
                payloads.add(new ItemScored(auditId, clause, Percent.of(50), "现场审查记录"));
                revisable.add(clause);
            }
        });
        for (String clause : revisable.subList(0, 3)) {
            payloads.add(new ItemScoreRevised(auditId, clause, Percent.of(50), Percent.of(60), "现场审查记录", "复核"));
        }
        payloads.add(new GradeRecommended(auditId, new BigDecimal("75.00"), Grade.COMPLIANT, from.plusDays(2)));
        List<DomainEventMessage<?>> messages = new ArrayList<>(payloads.size());
        Instant at = Instant.now();
        for (AuditEvent payload : payloads) {
            messages.add(new GenericDomainEventMessage<>("Project", project.value(), messages.size(), payload,
                    Map.of("user", "leader", "requestId", UUID.randomUUID().toString()),
                    IdentifierFactory.getInstance().generateIdentifier(), at));
        }
        return messages;
    }
}
