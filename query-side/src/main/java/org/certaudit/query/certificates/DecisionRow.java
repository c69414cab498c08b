package org.certaudit.query.certificates;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.certaudit.audit.AuditType;
import org.certaudit.query.People;
import org.certaudit.query.SpreadsheetText;
import org.certaudit.scheme.Grade;

/**
 * One row of the regulator's export: a decision or change of a certificate on a day. {@code kind}
 * is GRANTED, RENEWED, REFUSED, MAINTAINED, SUSPENDED, RESTORED, WITHDRAWN or EXPIRED (the day after
 * the last valid day; no one decides it). {@code basedOnVersion} is the project stream version the
 * decider saw; total and grade are those the decision rests on. {@code decider} is the user who decided, as the record
 * holds it; {@code deciderName} (added in session 23 after the earlier columns, so that they keep their places), the
 * person's name as recorded with the decision (session 25: ISO/IEC 17065 7.6 has the record identify the person), or for
 * a decision recorded before names were kept as the body's configuration ({@code certaudit.people}) gives it when the
 * export is made.
 * {@code validFrom} and {@code validUntil}, the last two (session 24): the validity a grant or renewal issued, and for an
 * expiry the period that ended; null for the other kinds.
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
        String reason,
        Long basedOnVersion,
        String deciderName,
        LocalDate validFrom,
        LocalDate validUntil) {

    /** The columns of the export, in order, with their Chinese headings. */
    static final String[] HEADINGS = {"date 日期", "kind 类别", "kind label", "certificate 证书编号",
            "project 项目编号", "audit 审查", "audit type 审查类型", "audit type label", "organization 组织名称",
            "total 总分", "grade 等级", "grade label", "decider 决定人", "reason 理由", "based on version 依据版本",
            "decider name 决定人姓名", "valid from 有效期自", "valid until 有效期至"};

    /**
     * The row with the decider's name as recorded, else as {@code people} configures it (null for an expiry, which no one
     * decides).
     */
    DecisionRow named(People people) {
        return new DecisionRow(date, kind, kindLabel, certificateNumber, projectNumber, auditId, auditType, auditTypeLabel,
                organization, total, grade, gradeLabel, decider, reason, basedOnVersion, people.name(decider, deciderName),
                validFrom, validUntil);
    }

    Object[] cells() {
        return cells(text -> text);
    }

    /**
     * {@link #cells()} for CSV: the text people typed or configured (organization, decider, reason, decider's name) as
     * {@link SpreadsheetText#typed} gives it, so that a spreadsheet program never evaluates it as a formula.
     */
    Object[] csvCells() {
        return cells(text -> text == null ? null : SpreadsheetText.typed(text));
    }

    private Object[] cells(UnaryOperator<String> typed) {
        return new Object[] {date, kind, kindLabel, certificateNumber, projectNumber, auditId,
                auditType == null ? null : auditType.name(), auditTypeLabel, typed.apply(organization),
                total == null ? null : total.toPlainString(), grade == null ? null : grade.name(), gradeLabel,
                typed.apply(decider), typed.apply(reason), basedOnVersion, typed.apply(deciderName), validFrom, validUntil};
    }
}
