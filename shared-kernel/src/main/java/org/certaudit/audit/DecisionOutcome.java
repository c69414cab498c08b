package org.certaudit.audit;

/**
 * The certification decisions (认证决定). An initial or re-certification audit is granted or
 * refused; a surveillance audit maintains, suspends or withdraws the certificate.
 */
public enum DecisionOutcome {
    /** 批准认证: a certificate is issued, or renewed after a re-certification. */
    GRANT("批准认证"),
    /** 不予认证. */
    REFUSE("不予认证"),
    /** 保持认证: the certificate continues with the grade the surveillance audit decided. */
    MAINTAIN("保持认证"),
    /** 暂停认证: until a date at most six months ahead, or until restored. */
    SUSPEND("暂停认证"),
    /** 撤销认证: final. */
    WITHDRAW("撤销认证");

    private final String chineseName;

    DecisionOutcome(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    /**
     * The outcome whose {@link #chineseName()} is {@code name}, as a report's canonical text records it; empty for any
     * other text.
     */
    public static java.util.Optional<DecisionOutcome> ofChineseName(String name) {
        for (DecisionOutcome outcome : values()) {
            if (outcome.chineseName.equals(name)) {
                return java.util.Optional.of(outcome);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether an audit of this type may be decided this way. */
    public boolean decides(AuditType type) {
        return type == AuditType.SURVEILLANCE
                ? this == MAINTAIN || this == SUSPEND || this == WITHDRAW
                : this == GRANT || this == REFUSE;
    }
}
