package io.leadfunnel.lead.rest.dto;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A request body may hold only the fields its DTO declares. Each field it does not know is reported as a violation on
 * that field's name, together with any other validation failure, so the client learns everything at once. A field
 * that exists on the lead but cannot be set (stage, score, owner...) is reported with the reason.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownFieldsOnly.Validator.class)
public @interface KnownFieldsOnly {

    String message() default "unknown field";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A DTO that collects the fields it does not declare. */
    interface Collecting {
        /** The fields the body held that the DTO does not declare, by name. */
        Map<String, Object> unknownFields();
    }

    /** Reports every collected field. */
    class Validator implements ConstraintValidator<KnownFieldsOnly, Collecting> {
        @Override
        public boolean isValid(Collecting value, ConstraintValidatorContext context) {
            if (value == null || value.unknownFields().isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (String name : value.unknownFields().keySet()) {
                // the message is a template: braces and dollar signs must not reach the interpolator unescaped
                String message = ReadOnlyFields.explain(name)
                        .orElse("unknown field; this request does not accept it")
                        .replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
                context.buildConstraintViolationWithTemplate(message).addPropertyNode(name).addConstraintViolation();
            }
            return false;
        }
    }
}
