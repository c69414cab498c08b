package org.certaudit.certificate;

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
}
