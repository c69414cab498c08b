package org.certaudit.audit;

/** A team member's part in the audit (组内身份). */
public enum TeamRole {
    /** 组长: recommends the grade and reopens the audit. */
    LEADER("组长"),
    /** 组员. */
    MEMBER("组员"),
    /** 技术专家. */
    TECHNICAL_EXPERT("技术专家");

    private final String chineseName;

    TeamRole(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }
}
