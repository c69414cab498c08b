package org.certaudit.certificate;

import java.util.ArrayList;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;

/** A certificate's status on a day, as a register or a regulator states it. */
public enum CertificateStatus {
    /** 有效. */
    VALID("有效"),
    /** 暂停: suspended, not valid meanwhile; restored, maintained or withdrawn later. */
    SUSPENDED("暂停"),
    /** 已撤销: withdrawn for good. */
    WITHDRAWN("已撤销"),
    /** 已过期: past its last valid day without renewal; a matter of the date, no event. */
    EXPIRED("已过期");

    private final String chineseName;

    CertificateStatus(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    /**
     * The statuses the project's certificate must have on the decision's day for an audit of {@code type} to be decided
     * {@code outcome}; none when the decision needs no certificate (an initial grant issues one, a refusal changes
     * none). ISO/IEC 17065 7.11, ISO/IEC 17021-1 9.6: only a valid or suspended certificate is maintained or withdrawn,
     * only a valid one suspended; a re-certification renews one that is not withdrawn, also once it expired (ISO/IEC
     * 17021-1 9.6.3). The command side refuses a decision dated otherwise; the console says it as the date is picked.
     */
    public static List<CertificateStatus> requiredToDecide(DecisionOutcome outcome, AuditType type) {
        return switch (outcome) {
            case GRANT -> type == AuditType.INITIAL ? List.of() : List.of(VALID, SUSPENDED, EXPIRED);
            case REFUSE -> List.of();
            case MAINTAIN, WITHDRAW -> List.of(VALID, SUSPENDED);
            case SUSPEND -> List.of(VALID);
        };
    }

    /**
     * The statuses the project's certificate must have on a day for an audit of {@code type} to be decided on it at all,
     * whatever the outcome: those {@link #requiredToDecide} asks of the outcomes that decide {@code type}, together;
     * none when one of them needs no certificate (an initial audit is granted or refused, a re-certification may be
     * refused, on any day). A surveillance is decided only while its certificate is VALID or SUSPENDED (ISO/IEC 17065
     * 7.11, ISO/IEC 17021-1 9.6), and no earlier than its report and its acceptance by technical review: the command
     * side refuses a report or an acceptance dated on a day its certificate has no such status, after which the
     * surveillance could never be decided, and the console checks the day picked against it.
     */
    public static List<CertificateStatus> requiredToDecideAtAll(AuditType type) {
        List<CertificateStatus> statuses = new ArrayList<>();
        for (DecisionOutcome outcome : DecisionOutcome.values()) {
            if (!outcome.decides(type)) {
                continue;
            }
            List<CertificateStatus> required = requiredToDecide(outcome, type);
            if (required.isEmpty()) {
                return List.of();
            }
            required.stream().filter(status -> !statuses.contains(status)).forEach(statuses::add);
        }
        // In declaration order, as requiredToDecide lists them.
        statuses.sort(null);
        return List.copyOf(statuses);
    }
}
