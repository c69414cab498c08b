package org.certaudit.audit;

/**
 * Half of an on-site day, as the report's 1.10 dates the on-site period ("2021 年 06 月 05 日上午至 2021 年 06 月 07 日下午"):
 * audit time is planned and counted in half-days.
 */
public enum HalfDay {
    /** 上午. */
    MORNING("上午"),
    /** 下午. */
    AFTERNOON("下午");

    private final String chineseName;

    HalfDay(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }
}
