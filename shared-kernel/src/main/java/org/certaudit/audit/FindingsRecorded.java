package org.certaudit.audit;

import java.util.List;

/**
 * The team's findings as they now stand: strengths (服务系统的优势) and improvement directions
 * (服务系统改进方向). Each event replaces the previous findings as a whole.
 */
public record FindingsRecorded(AuditId auditId, List<String> strengths, List<String> improvements)
        implements AuditEvent {
}
