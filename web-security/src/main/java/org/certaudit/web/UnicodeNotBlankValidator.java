package org.certaudit.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code @NotBlank} as a reader means it: text of only ideographic spaces (U+3000), no-break
 * spaces or zero-width characters is blank too, not just text of ASCII spaces. Replaces
 * Hibernate Validator's own check for every {@code @NotBlank} of both sides.
 */
public class UnicodeNotBlankValidator implements ConstraintValidator<NotBlank, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value != null && !TextRules.isBlank(value);
    }
}
