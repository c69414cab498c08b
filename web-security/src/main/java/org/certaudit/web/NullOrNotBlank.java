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

/**
 * Optional text that, when given, is not blank as {@link TextRules#isBlank} says (the rule of every {@code @NotBlank}
 * too): absent means "not said", while text of only spaces, no-break spaces or zero-width characters would store
 * nothing readable. Refused as {@code @NotBlank} is, with {@link RuleCode#FIELD_REQUIRED}.
 */
@Documented
@Constraint(validatedBy = NullOrNotBlank.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NullOrNotBlank {

    String message() default "must not be blank";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null passes; any other text must have a visible character. */
    class Validator implements ConstraintValidator<NullOrNotBlank, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || !TextRules.isBlank(value);
        }
    }
}
