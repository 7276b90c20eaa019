package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.EventTimes;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a HubSpot Webhooks API delivery: a JSON array of event objects. Fields HubSpot adds over time are ignored;
 * the fields an event's type needs must be there, or the whole delivery is refused before anything is stored.
 */
final class HubSpotDeliveryParser {

    private static final int MAX_ID_LENGTH = 100;

    private HubSpotDeliveryParser() {
    }

    /**
     * @throws ProblemException 400 when the body is not an array of well-formed events, 413 when it holds more than
     *                          {@code maxEvents}
     */
    static List<HubSpotEvent> parse(byte[] body, int maxEvents) {
        return parse(body, maxEvents, Instant.now(), java.time.Duration.ofMinutes(5));
    }

    /**
     * As {@link #parse(byte[], int)}, refusing event times before 1900 or more than {@code futureTolerance} after
     * {@code now} (see {@link EventTimes}).
     */
    static List<HubSpotEvent> parse(byte[] body, int maxEvents, Instant now, java.time.Duration futureTolerance) {
        JsonNode root = WebhookJson.read(body);
        if (!root.isArray()) {
            throw ProblemException.malformed("the body must be a JSON array of HubSpot events", null);
        }
        if (root.size() > maxEvents) {
            throw ProblemException.tooLarge("a delivery may hold at most " + maxEvents + " events, this one holds "
                    + root.size());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<HubSpotEvent> events = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String at = "/" + i;
            if (!node.isObject()) {
                errors.add(new Problem.FieldError(at, "must be an object"));
                continue;
            }
            int before = errors.size();
            String type = text(node, at, "subscriptionType", true, errors);
            String eventId = id(node, at, "eventId", true, errors);
            Instant occurredAt = epochMillis(node, at, errors);
            if (occurredAt != null) {
                String where = at + "/occurredAt";
                EventTimes.problem(occurredAt, now, futureTolerance)
                        .ifPresent(problem -> errors.add(new Problem.FieldError(where, problem)));
            }
            boolean supported = type != null && HubSpotEvent.SUPPORTED.contains(type);
            String objectId = id(node, at, "objectId", supported, errors);
            String propertyName = null;
            String propertyValue = null;
            String primary = null;
            List<String> merged = List.of();
            if (HubSpotEvent.PROPERTY_CHANGE.equals(type)) {
                propertyName = text(node, at, "propertyName", true, errors);
                propertyValue = scalar(node, at, "propertyValue", errors);
            } else if (HubSpotEvent.MERGE.equals(type)) {
                primary = id(node, at, "primaryObjectId", true, errors);
                merged = ids(node, at, "mergedObjectIds", errors);
            }
            if (errors.size() == before) {
                events.add(new HubSpotEvent(i, eventId, type, objectId, occurredAt, propertyName, propertyValue,
                        primary, merged));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the delivery holds malformed events; nothing was stored", errors);
        }
        return events;
    }

    private static String text(JsonNode node, String at, String name, boolean required, List<Problem.FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(at + "/" + name, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new Problem.FieldError(at + "/" + name, "must be a non-empty string"));
            return null;
        }
        return value.asText();
    }

    /** HubSpot ids are numbers; strings of digits are accepted too. */
    private static String id(JsonNode node, String at, String name, boolean required, List<Problem.FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(at + "/" + name, "is required"));
            }
            return null;
        }
        String id = idOf(value);
        if (id == null) {
            errors.add(new Problem.FieldError(at + "/" + name, "must be an id (integer or non-empty string)"));
        }
        return id;
    }

    private static String idOf(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isTextual()) {
            String id = value.asText().trim();
            boolean printable = id.chars().noneMatch(Character::isISOControl);
            return !id.isBlank() && printable && id.length() <= MAX_ID_LENGTH ? id : null;
        }
        return null;
    }

    private static List<String> ids(JsonNode node, String at, String name, List<Problem.FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            errors.add(new Problem.FieldError(at + "/" + name, "must be an array of ids"));
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < value.size(); j++) {
            String id = idOf(value.get(j));
            if (id == null) {
                errors.add(new Problem.FieldError(at + "/" + name + "/" + j, "must be an id"));
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Instant epochMillis(JsonNode node, String at, List<Problem.FieldError> errors) {
        JsonNode value = node.get("occurredAt");
        if (value == null || value.isNull()) {
            errors.add(new Problem.FieldError(at + "/occurredAt", "is required"));
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            errors.add(new Problem.FieldError(at + "/occurredAt", "must be epoch milliseconds"));
            return null;
        }
        return Instant.ofEpochMilli(value.asLong());
    }

    /** Property values are strings in HubSpot's payloads; numbers and booleans are taken as their text. */
    private static String scalar(JsonNode node, String at, String name, List<Problem.FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            errors.add(new Problem.FieldError(at + "/" + name, "must be a string"));
            return null;
        }
        return value.asText();
    }
}
