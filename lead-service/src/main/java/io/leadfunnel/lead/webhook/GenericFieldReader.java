package io.leadfunnel.lead.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.events.IsoInstants;
import io.leadfunnel.lead.domain.EventTimes;
import io.leadfunnel.lead.domain.ProfileValues;
import io.leadfunnel.runtime.problem.Problem;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads the generic format's ids, texts and times, and collects every value at fault under its JSON pointer, so one
 * answer names all that is wrong with a delivery rather than the first thing.
 */
final class GenericFieldReader {

    static final int MAX_ID_LENGTH = 200;
    static final String UNKNOWN_FIELD = "unknown field; see the generic lead format in docs/webhooks.md";

    private final Instant now;
    private final Duration futureTolerance;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    /**
     * @param now             receipt time, against which times in the future are judged
     * @param futureTolerance how far in the future a time may be (clock skew)
     */
    GenericFieldReader(Instant now, Duration futureTolerance) {
        this.now = now;
        this.futureTolerance = futureTolerance;
    }

    /** An optional text, trimmed; blank is absent. */
    String text(JsonNode node, String at, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            error(at + "/" + name, "must be a string");
            return null;
        }
        if (value.asText().length() > ProfileValues.MAX_TEXT) {
            error(at + "/" + name, "longer than " + ProfileValues.MAX_TEXT + " characters");
            return null;
        }
        return value.asText().isBlank() ? null : value.asText().trim();
    }

    /** An optional id: a string or a whole number, as senders number their records either way. */
    String id(JsonNode node, String at, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        String id = value.isIntegralNumber() ? value.bigIntegerValue().toString()
                : value.isTextual() ? value.asText().trim() : null;
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            error(at + "/" + name, "must be a non-empty string of at most " + MAX_ID_LENGTH + " characters");
            return null;
        }
        return id;
    }

    /** A date-time with offset that {@link EventTimes} finds plausible for an event. */
    Instant time(JsonNode node, String at, String name, boolean required) {
        JsonNode value = node.get(name);
        String path = at + "/" + name;
        if (value == null || value.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            error(path, "must be an ISO-8601 date-time with offset, e.g. 2025-01-31T09:30:00Z");
            return null;
        }
        Instant instant;
        try {
            String text = value.asText().trim();
            Instant written = IsoInstants.parseWritten(text); // the usual form, read without java.time's parser
            instant = written != null ? written : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            error(path, "must be an ISO-8601 date-time with offset, e.g. 2025-01-31T09:30:00Z");
            return null;
        }
        Optional<String> implausible = EventTimes.problem(instant, now, futureTolerance);
        if (implausible.isPresent()) {
            error(path, implausible.get());
            return null;
        }
        return instant;
    }

    /** Refuses every field of {@code node} that is not in {@code known}, by name. */
    void refuseUnknown(JsonNode node, String at, Predicate<String> known) {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (!known.test(property.getKey())) {
                error(at + "/" + pointer(property.getKey()), UNKNOWN_FIELD);
            }
        }
    }

    void error(String field, String detail) {
        errors.add(new Problem.FieldError(field, detail));
    }

    /** How many errors so far: a reader compares counts to tell whether one item had any. */
    int errorCount() {
        return errors.size();
    }

    List<Problem.FieldError> errors() {
        return errors;
    }

    /** A JSON-pointer reference token (RFC 6901): {@code ~} and {@code /} escaped. */
    static String pointer(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
