package org.certaudit.query.certificates;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.certaudit.audit.AuditType;
import org.certaudit.query.People;
import org.certaudit.query.SpreadsheetText;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Scorecard;

/**
 * One row of the regulator's export: a decision or change of a certificate on a day. {@code kind}
 * is GRANTED, RENEWED, REFUSED, MAINTAINED, SUSPENDED, RESTORED, WITHDRAWN or EXPIRED (the day after
 * the last valid day; no one decides it). {@code basedOnVersion} is the project stream version the
 * decider saw; total and grade are those the decision rests on. {@code decider} is the user who decided, as the record
 * holds it; {@code deciderName} (added in session 23 after the earlier columns, so that they keep their places), the
 * person's name as recorded with the decision (session 25: ISO/IEC 17065 7.6 has the record identify the person), or for
 * a decision recorded before names were kept as the body's configuration ({@code certaudit.people}) gives it when the
 * export is made.
 * {@code validFrom} and {@code validUntil} (session 24): the validity a grant or renewal issued, and for an expiry the
 * period that ended; null for the other kinds.
 * The last three (session 26): {@code recordedAt}, when the decision or restoration was recorded (the event's timestamp;
 * null for an expiry, which is a matter of the date), since a decision may be dated long before it entered the record;
 * {@code reviewer} and {@code reviewerName}, the technical reviewer whose acceptance of the audit the decision rests on
 * and the name they were recorded with (ISO/IEC 17065 7.5; null for a review recorded before names were kept, named by
 * the configuration as for the decider), both null for a restoration (a decider's act on the suspension, resting on no
 * review) and an expiry.
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
        LocalDate validUntil,
        Instant recordedAt,
        String reviewer,
        String reviewerName) {

    /**
     * The columns of the export, in order, each headed by its English name and its Chinese one, so that either reader
     * finds it; the labels (a code's Chinese name) included.
     */
    static final String[] HEADINGS = {"date 日期", "kind 类别", "kind label 类别名称", "certificate 证书编号",
            "project 项目编号", "audit 审查", "audit type 审查类型", "audit type label 审查类型名称", "organization 组织名称",
            "total 总分", "grade 等级", "grade label 等级名称", "decider 决定人", "reason 理由", "based on version 依据版本",
            "decider name 决定人姓名", "valid from 有效期自", "valid until 有效期至", "recorded at 记录时间",
            "reviewer 技术评审人", "reviewer name 技术评审人姓名"};

    /** The column of {@code total}, a number with two decimals in the XLSX. */
    static final int TOTAL_COLUMN = 9;

    /**
     * The row with the decider's and the reviewer's names as recorded, else as {@code people} configures them (null for
     * an expiry, which no one decides, and for a row without a reviewer).
     */
    DecisionRow named(People people) {
        return new DecisionRow(date, kind, kindLabel, certificateNumber, projectNumber, auditId, auditType, auditTypeLabel,
                organization, total, grade, gradeLabel, decider, reason, basedOnVersion, people.name(decider, deciderName),
                validFrom, validUntil, recordedAt, reviewer, people.name(reviewer, reviewerName));
    }

    /** The XLSX's cells: {@code total} and {@code basedOnVersion} as numbers, the rest as text. */
    Object[] cells() {
        return cells(text -> text, total);
    }

    /**
     * The CSV's cells: the text people typed or configured (organization, decider, reason, the names) as
     * {@link SpreadsheetText#typed} gives it, so that a spreadsheet program never evaluates it as a formula, and the
     * total written out with GB/T 27922's two decimals ({@link Scorecard#totalText}), as the XLSX's number format shows it.
     */
    Object[] csvCells() {
        return cells(text -> text == null ? null : SpreadsheetText.typed(text), total == null ? null : Scorecard.totalText(total));
    }

    private Object[] cells(UnaryOperator<String> typed, Object totalCell) {
        return new Object[] {date, kind, kindLabel, certificateNumber, projectNumber, auditId,
                auditType == null ? null : auditType.name(), auditTypeLabel, typed.apply(organization),
                totalCell, grade == null ? null : grade.name(), gradeLabel,
                typed.apply(decider), typed.apply(reason), basedOnVersion, typed.apply(deciderName), validFrom, validUntil,
                recordedAt, typed.apply(reviewer), typed.apply(reviewerName)};
    }
}
