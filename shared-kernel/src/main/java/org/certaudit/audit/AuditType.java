package org.certaudit.audit;

/** The three kinds of audit in a certification cycle, as the report's 审查类型 names them. */
public enum AuditType {
    /** 初次认证: starts the first certification cycle of a project. */
    INITIAL("初次认证"),
    /** 保持认证: a maintenance audit inside a cycle; needs the previous audit to have passed. */
    SURVEILLANCE("保持认证"),
    /** 再认证: starts a new certification cycle after a passed initial or re-certification. */
    RECERTIFICATION("再认证");

    private final String chineseName;

    AuditType(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    /** Whether an audit of this type starts a new certification cycle. */
    public boolean startsCycle() {
        return this != SURVEILLANCE;
    }
}
