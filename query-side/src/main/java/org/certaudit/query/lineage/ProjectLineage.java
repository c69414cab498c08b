package org.certaudit.query.lineage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.query.scorecard.ItemDifference;
import org.certaudit.scheme.Grade;

/**
 * A project's audits in order. An initial certification or a re-certification starts a
 * certification cycle (numbered from 1), surveillance audits stay in the current one.
 */
public record ProjectLineage(String projectNumber, int cycles, List<Audit> audits) {

    /**
     * One audit of the lineage with its scorecard totals. {@code comparedWith} is the audit its
     * {@code changes} are measured against (its predecessor; null for the first audit), and the
     * changes list the items assessed in this audit whose result differs from there.
     */
    public record Audit(
            String auditId,
            AuditType type,
            int cycle,
            LocalDate onSiteFrom,
            LocalDate onSiteTo,
            AuditStatus status,
            long version,
            BigDecimal total,
            Grade grade,
            boolean complete,
            Grade recommendedGrade,
            String comparedWith,
            List<ItemDifference> changes) {
    }
}
