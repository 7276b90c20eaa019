package io.leadfunnel.lead.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.rest.dto.NewLeadRequest;
import io.leadfunnel.lead.rest.dto.ReadOnlyFields;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns request bodies into the domain's {@link ProfilePatch}, collecting every field at fault so one 400 names them
 * all. Values are normalized by the domain ({@code ProfileValues}); its refusals are reported on the field.
 */
final class ProfileInput {

    private ProfileInput() {
    }

    /** The profile of a lead entered by hand; absent and blank fields are simply not set. */
    static ProfilePatch newLead(NewLeadRequest r) {
        Collector c = new Collector();
        c.setIfPresent(ProfileField.EMAIL, r.email);
        c.setIfPresent(ProfileField.FIRST_NAME, r.firstName);
        c.setIfPresent(ProfileField.LAST_NAME, r.lastName);
        c.setIfPresent(ProfileField.COMPANY, r.company);
        c.setIfPresent(ProfileField.COMPANY_DOMAIN, r.companyDomain);
        c.setIfPresent(ProfileField.TITLE, r.title);
        c.setIfPresent(ProfileField.COUNTRY, r.country);
        c.setIfPresent(ProfileField.INDUSTRY, r.industry);
        c.setIfPresent(ProfileField.COMPANY_SIZE, r.companySize);
        c.setIfPresent(ProfileField.SOURCE, r.source);
        c.setIfPresent(ProfileField.SOURCE_DETAIL, r.sourceDetail);
        c.setIfPresent(ProfileField.CAMPAIGN, r.campaign);
        c.setIfPresent(ProfileField.ORIGIN, r.origin);
        c.throwIfAny();
        ProfilePatch patch = c.build();
        if (!patch.contains(ProfileField.EMAIL) && !patch.contains(ProfileField.FIRST_NAME)
                && !patch.contains(ProfileField.LAST_NAME) && !patch.contains(ProfileField.COMPANY)) {
            throw ProblemException.invalidField("email",
                    "a lead needs at least one of email, firstName, lastName or company");
        }
        return patch;
    }

    /**
     * A JSON merge patch (RFC 7396) of profile fields: a field present with a value sets it, present with null clears
     * it, absent leaves it alone. Read-only fields (stage, score, owner...) and unknown fields are refused by name.
     */
    static ProfilePatch mergePatch(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw ProblemException.malformed("the request needs a JSON object of profile fields", null);
        }
        if (!body.isObject()) {
            throw ProblemException.malformed("a merge patch of a lead must be a JSON object", null);
        }
        Collector c = new Collector();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String name = entry.getKey();
            Optional<ProfileField> field = ProfileField.byJsonName(name);
            if (field.isEmpty()) {
                c.error(name, ReadOnlyFields.explain(name).orElse("unknown field; a lead has no such profile field"));
                continue;
            }
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                c.set(field.get(), null);
                continue;
            }
            scalar(field.get(), value).ifPresentOrElse(v -> c.set(field.get(), v),
                    () -> c.error(name, expected(field.get())));
        }
        c.throwIfAny();
        return c.build();
    }

    /** The JSON value as the Java value the field takes, or empty when it has the wrong JSON type. */
    private static Optional<Object> scalar(ProfileField field, JsonNode value) {
        if (field.type() == Integer.class) {
            return value.isIntegralNumber() ? Optional.of(value.longValue()) : Optional.empty();
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue();
        if (field.type().isEnum() && !text.isBlank()) {
            // bodies use the exact names the API description lists, as Jackson does for the other endpoints
            return Arrays.stream(field.type().getEnumConstants()).filter(c -> ((Enum<?>) c).name().equals(text))
                    .findFirst().map(Object.class::cast)
                    .or(() -> Optional.of(new InvalidValue(expected(field))));
        }
        return Optional.of(text);
    }

    private static String expected(ProfileField field) {
        if (field.type() == Integer.class) {
            return "must be a whole number or null";
        }
        if (field.type().isEnum()) {
            return "must be one of " + Arrays.stream(field.type().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ")) + ", or null";
        }
        return "must be a string or null";
    }

    /** The constant named {@code text}, ignoring case and surrounding spaces (for query parameters). */
    static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(name)).findFirst();
    }

    /** Marks a value already known to be wrong, so the collector reports it instead of normalizing it. */
    private record InvalidValue(String message) {
    }

    /** Builds a patch and collects the refusals. */
    private static final class Collector {
        private final ProfilePatch.Builder builder = ProfilePatch.builder();
        private final List<Problem.FieldError> errors = new ArrayList<>();

        void setIfPresent(ProfileField field, Object value) {
            apply(field, value, true);
        }

        void set(ProfileField field, Object value) {
            apply(field, value, false);
        }

        private void apply(ProfileField field, Object value, boolean onlyIfPresent) {
            if (value instanceof InvalidValue invalid) {
                error(field.jsonName(), invalid.message());
                return;
            }
            try {
                if (onlyIfPresent) {
                    builder.setIfPresent(field, value);
                } else {
                    builder.set(field, value);
                }
            } catch (IllegalArgumentException e) {
                error(field.jsonName(), withoutFieldPrefix(field, e.getMessage()));
            }
        }

        void error(String field, String detail) {
            errors.add(new Problem.FieldError(field, detail));
        }

        ProfilePatch build() {
            return builder.build();
        }

        void throwIfAny() {
            if (errors.isEmpty()) {
                return;
            }
            String detail = errors.stream().map(e -> e.field() + ": " + e.detail()).collect(Collectors.joining("; "));
            throw ProblemException.invalid(detail, errors);
        }

        private static String withoutFieldPrefix(ProfileField field, String message) {
            String prefix = field.jsonName() + ": ";
            return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        }
    }
}
