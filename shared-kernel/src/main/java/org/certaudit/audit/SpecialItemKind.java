package org.certaudit.audit;

/** Special items (特别项) of GB/T 27922: each is worth one point off or on the total. */
public enum SpecialItemKind {
    /** 特别扣分项: one point off; five or more deductions mean no grade. */
    DEDUCTION,
    /** 特别加分项: one point on; at most one per audit. */
    BONUS
}
