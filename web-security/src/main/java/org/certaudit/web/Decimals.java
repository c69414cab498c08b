package org.certaudit.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * A decimal number with at most {@link #fraction()} decimals, zeros after the last digit that counts not counted
 * ({@code 50.10000} has one). Only the decimals: unlike {@code @Digits}, it does not count the digits before the point,
 * which a range ({@code @DecimalMax}) bounds where the number has one, so that {@code 1000} for a percent is one error
 * (out of range) and not also one about decimals it does not have, and {@code 0e3}, a JSON number (RFC 8259 6) that is
 * 0, is taken as 0 ({@code @Digits} counts its exponent as four digits before the point). Refused with
 * {@link RuleCode#FIELD_DECIMALS}.
 */
@Documented
@Constraint(validatedBy = Decimals.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Decimals {

    /** The most decimals, 0 or more. */
    int fraction();

    String message() default "must have at most {fraction} decimals";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null passes (a required number says so with {@code @NotNull}). */
    class Validator implements ConstraintValidator<Decimals, BigDecimal> {

        private int fraction;

        @Override
        public void initialize(Decimals constraint) {
            fraction = constraint.fraction();
        }

        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            return value == null || decimals(value) <= fraction;
        }

        /** The decimals of {@code value} that count: none for a whole number, whatever its exponent. */
        public static int decimals(BigDecimal value) {
            return Math.max(0, value.stripTrailingZeros().scale());
        }
    }
}
