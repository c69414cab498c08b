package org.certaudit.scheme;

/**
 * An auditor's result for one item: a percent score (分项得分%), or not applicable (不涉及), which
 * takes the item's points out of the applicable maximum instead of scoring them as zero.
 */
public record ItemResult(Percent percent, boolean notApplicable) {

    /**
     * The result of an item marked not applicable. A constant rather than a factory method
     * {@code notApplicable()}: Java forbids a static method with the signature of the record's
     * {@code notApplicable()} accessor.
     */
    public static final ItemResult NOT_APPLICABLE = new ItemResult(null, true);

    public ItemResult {
        if (notApplicable && percent != null) {
            throw new IllegalArgumentException("a not applicable item has no percent, was " + percent);
        }
        if (!notApplicable && percent == null) {
            throw new IllegalArgumentException("a scored item needs a percent");
        }
    }

    public static ItemResult scored(Percent percent) {
        return new ItemResult(percent, false);
    }
}
