package org.certaudit.report;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.certaudit.audit.AuditId;
import org.certaudit.scheme.SchemeCatalog;

/**
 * A report's content from a project stream, as the query side issues it at a version: the audit's own events up to the
 * version ({@link AuditFold}), and every event of the project up to the audit's last one there for its review, decision
 * and certificate ({@link CertificationFold}: a surveillance audit's decision rules on the certificate an earlier audit
 * was granted). Bounded by sequence numbers, not by the clock, so the same stream gives the same content.
 */
public final class ReportFold {

    private ReportFold() {
    }

    /**
     * The content of {@code auditId}'s report at {@code version}.
     *
     * @param projectStream the project's events in sequence order, from sequence 0 up to {@code version} or beyond
     *                      (later ones are not read)
     * @return empty when the audit was not opened by {@code version}; else the content, whose
     *         {@link ReportContent#version()} is the sequence number of the audit's last event up to {@code version}
     *         (below {@code version} when the events just before it are of other audits)
     * @throws IllegalStateException when an event of the audit precedes its opening, or the pinned scheme is not shipped
     */
    public static Optional<ReportContent> at(AuditId auditId, long version, List<RecordedEvent> projectStream,
                                             SchemeCatalog schemes) {
        AuditFold audit = audit(auditId, version, projectStream);
        if (!audit.opened()) {
            return Optional.empty();
        }
        CertificationFold certification = new CertificationFold(auditId);
        for (RecordedEvent recorded : projectStream) {
            if (recorded.sequence() > audit.version()) {
                break;
            }
            certification.apply(recorded);
        }
        return Optional.of(audit.content(schemes, certification.record()));
    }

    /**
     * Whether the team of {@code auditId} pledged before it worked, as its events up to {@code version} say
     * ({@link AuditFold#pledgeTiming}): what a check of that report warns of beside its content.
     *
     * @param zone the certification body's zone, on whose calendar a record's day is read
     * @return empty when the audit was not opened by {@code version}
     * @throws IllegalStateException when an event of the audit precedes its opening
     */
    public static Optional<PledgeTiming.Warnings> pledgeTiming(AuditId auditId, long version,
                                                               List<RecordedEvent> projectStream, ZoneId zone) {
        AuditFold audit = audit(auditId, version, projectStream);
        return audit.opened() ? Optional.of(audit.pledgeTiming(zone)) : Optional.empty();
    }

    private static AuditFold audit(AuditId auditId, long version, List<RecordedEvent> projectStream) {
        AuditFold audit = new AuditFold(auditId);
        for (RecordedEvent recorded : projectStream) {
            if (recorded.sequence() > version) {
                break;
            }
            audit.apply(recorded);
        }
        return audit;
    }
}
