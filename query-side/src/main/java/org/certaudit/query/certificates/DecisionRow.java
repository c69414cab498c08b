package org.certaudit.query.certificates;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.certaudit.audit.AuditType;
import org.certaudit.scheme.Grade;

/**
 * One row of the regulator's export: a decision or change of a certificate on a day. {@code kind}
 * is GRANTED, RENEWED, REFUSED, MAINTAINED, SUSPENDED, RESTORED, WITHDRAWN or EXPIRED (the day after
 * the last valid day; no one decides it). {@code basedOnVersion} is the project stream version the
 * decider saw; total and grade are those the decision rests on. {@code decider} is the user who decided, as the record
 * holds it; {@code deciderName} the person's name where the body configured one ({@code certaudit.people}), which
 * ISO/IEC 17065 7.6 has the record of a decision identify.
 */
public record DecisionRow(
        LocalDate date,
        String kind,
        String kindLabel,
        String certificateNumber,
        String projectNumber,
        String auditId,
        AuditType auditType,
        String auditTypeLabel,
        String organization,
        BigDecimal total,
        Grade grade,
        String gradeLabel,
        String decider,
        String deciderName,
        String reason,
        Long basedOnVersion) {

    /** The columns of the export, in order, with their Chinese headings. */
    static final String[] HEADINGS = {"date 日期", "kind 类别", "kind label", "certificate 证书编号",
            "project 项目编号", "audit 审查", "audit type 审查类型", "audit type label", "organization 组织名称",
            "total 总分", "grade 等级", "grade label", "decider 决定人", "decider name 决定人姓名", "reason 理由",
            "based on version 依据版本"};

    Object[] cells() {
        return new Object[] {date, kind, kindLabel, certificateNumber, projectNumber, auditId,
                auditType == null ? null : auditType.name(), auditTypeLabel, organization,
                total == null ? null : total.toPlainString(), grade == null ? null : grade.name(), gradeLabel, decider,
                deciderName, reason, basedOnVersion};
    }
}
