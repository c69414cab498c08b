package org.certaudit.scheme;

import java.math.BigDecimal;

/**
 * One item on a scorecard: the catalogue item, its result ({@code null} while not yet scored)
 * and the points it earned (分项实际得分; {@code null} unless scored, so a not applicable item
 * is not mistaken for one scored zero).
 */
public record ItemScore(SchemeItem item, ItemResult result, BigDecimal earned) {

    public boolean scored() {
        return result != null && !result.notApplicable();
    }

    public boolean notApplicable() {
        return result != null && result.notApplicable();
    }
}
