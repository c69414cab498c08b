package org.certaudit.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Size;

/**
 * {@code @Size} on text counted in characters (Unicode code points), as its message says and as people count: an
 * emoji or a rare CJK ideograph outside the Basic Multilingual Plane is one character, not the two UTF-16 code units
 * Hibernate Validator's own validator counts. Lists and other sizes keep Hibernate Validator's.
 */
public class CodePointSizeValidator implements ConstraintValidator<Size, String> {

    private int min;
    private int max;

    @Override
    public void initialize(Size size) {
        this.min = size.min();
        this.max = size.max();
    }

    @Override
    public boolean isValid(String text, ConstraintValidatorContext context) {
        if (text == null) {
            return true;
        }
        int characters = text.codePointCount(0, text.length());
        return characters >= min && characters <= max;
    }
}
