package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.EventTimes;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.domain.ProfileValues;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and validates the documented generic lead format (docs/webhooks.md). It is our own schema, so it is strict:
 * an unknown field is refused by name rather than silently dropped, and every error of every item is reported at once.
 */
final class GenericLeadParser {

    static final int MAX_ID_LENGTH = 200;
    static final int MAX_DETAIL_ENTRIES = 50;

    /** Top-level profile fields, by JSON name; {@code source} and {@code email} are handled apart. */
    private static final Map<String, ProfileField> PROFILE = Map.ofEntries(
            Map.entry("firstName", ProfileField.FIRST_NAME),
            Map.entry("lastName", ProfileField.LAST_NAME),
            Map.entry("company", ProfileField.COMPANY),
            Map.entry("companyDomain", ProfileField.COMPANY_DOMAIN),
            Map.entry("title", ProfileField.TITLE),
            Map.entry("country", ProfileField.COUNTRY),
            Map.entry("industry", ProfileField.INDUSTRY),
            Map.entry("companySize", ProfileField.COMPANY_SIZE),
            Map.entry("campaign", ProfileField.CAMPAIGN),
            Map.entry("origin", ProfileField.ORIGIN));

    private static final Set<String> OTHER_FIELDS = Set.of("eventId", "externalId", "occurredAt", "email", "source",
            "activities");
    private static final Set<String> ACTIVITY_FIELDS = Set.of("activityId", "type", "occurredAt", "campaign",
            "detail");

    private final String source;
    private final Instant now;
    private final Duration futureTolerance;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private GenericLeadParser(String source, Instant now, Duration futureTolerance) {
        this.source = source;
        this.now = now;
        this.futureTolerance = futureTolerance;
    }

    /**
     * @param source          the sender (path segment), for references and the channel
     * @param now             receipt time: the default {@code occurredAt}
     * @param futureTolerance how far in the future a time may be (clock skew)
     * @throws ProblemException 400 naming every field at fault, 413 for more than {@code maxItems} leads
     */
    static List<GenericLead> parse(byte[] body, String source, int maxItems, Instant now, Duration futureTolerance) {
        JsonNode root = WebhookJson.read(body);
        GenericLeadParser parser = new GenericLeadParser(source, now, futureTolerance);
        List<GenericLead> leads = new ArrayList<>();
        if (root.isObject()) {
            parser.item(root, 0, "", leads);
        } else if (root.isArray()) {
            if (root.size() > maxItems) {
                throw ProblemException.tooLarge("a delivery may hold at most " + maxItems + " leads, this one holds "
                        + root.size());
            }
            for (int i = 0; i < root.size(); i++) {
                if (!root.get(i).isObject()) {
                    parser.error("/" + i, "must be a lead object");
                    continue;
                }
                parser.item(root.get(i), i, "/" + i, leads);
            }
        } else {
            throw ProblemException.malformed("the body must be a lead object or an array of lead objects", null);
        }
        if (!parser.errors.isEmpty()) {
            throw ProblemException.invalid("the delivery holds invalid leads; nothing was stored", parser.errors);
        }
        return leads;
    }

    /** Validates one lead and adds it to {@code into} when it has no errors. */
    private void item(JsonNode node, int index, String at, List<GenericLead> into) {
        int before = errors.size();
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String name = property.getKey();
            if (!PROFILE.containsKey(name) && !OTHER_FIELDS.contains(name)) {
                error(at + "/" + pointer(name), "unknown field; see the generic lead format in docs/webhooks.md");
            }
        }
        String eventId = id(node, at, "eventId");
        String externalId = id(node, at, "externalId");
        Instant occurredAt = time(node, at, "occurredAt", false);
        ProfilePatch.Builder patch = ProfilePatch.builder();

        String email = null;
        JsonNode emailNode = node.get("email");
        if (emailNode != null && !emailNode.isNull()) {
            if (!emailNode.isTextual()) {
                error(at + "/email", "must be a string");
            } else {
                email = emailNode.asText();
                if (!email.isBlank()) {
                    // a blank e-mail identifies nobody; it never clears the one held
                    set(patch, ProfileField.EMAIL, email, at + "/email");
                }
            }
        }
        if ((email == null || email.isBlank()) && externalId == null) {
            error(at + "/email", "an e-mail address or an externalId is required to identify the lead");
        }
        for (Map.Entry<String, ProfileField> e : PROFILE.entrySet()) {
            if (node.has(e.getKey())) {
                JsonNode value = node.get(e.getKey());
                String path = at + "/" + e.getKey();
                if (value.isNull()) {
                    patch.set(e.getValue(), null);
                } else if (e.getValue() == ProfileField.COMPANY_SIZE && value.isNumber()) {
                    set(patch, e.getValue(), value.numberValue(), path);
                } else if (!value.isTextual()) {
                    error(path, e.getValue() == ProfileField.COMPANY_SIZE ? "must be a whole number"
                            : "must be a string");
                } else {
                    set(patch, e.getValue(), value.asText(), path);
                }
            }
        }
        if (node.has("source")) {
            JsonNode value = node.get("source");
            if (value.isNull()) {
                patch.set(ProfileField.SOURCE, null).set(ProfileField.SOURCE_DETAIL, null);
            } else if (!value.isTextual()) {
                error(at + "/source", "must be a string");
            } else {
                set(patch, ProfileField.SOURCE_DETAIL, value.asText(), at + "/source");
                patch.set(ProfileField.SOURCE, value.asText().isBlank() ? null : LeadSource.normalize(value.asText()));
            }
        }
        List<IncomingActivity> activities = activities(node.get("activities"), at + "/activities");
        if (errors.size() > before) {
            return;
        }
        ExternalRef ref = externalId == null ? null : ExternalRef.generic(source, externalId);
        LeadChange change = new LeadChange(GenericWebhook.channel(source), ref, occurredAt == null ? now : occurredAt,
                patch.build(), activities);
        into.add(new GenericLead(index, eventId, change));
    }

    private List<IncomingActivity> activities(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            error(at, "must be an array of activities");
            return List.of();
        }
        List<IncomingActivity> activities = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode a = node.get(i);
            String path = at + "/" + i;
            if (!a.isObject()) {
                error(path, "must be an activity object");
                continue;
            }
            int before = errors.size();
            for (Map.Entry<String, JsonNode> property : a.properties()) {
                String name = property.getKey();
                if (!ACTIVITY_FIELDS.contains(name)) {
                    error(path + "/" + pointer(name), "unknown field; see the generic lead format in docs/webhooks.md");
                }
            }
            String activityId = id(a, path, "activityId");
            ActivityType type = activityType(a.get("type"), path + "/type");
            Instant occurredAt = time(a, path, "occurredAt", true);
            String campaign = text(a, path, "campaign");
            Map<String, String> detail = detail(a.get("detail"), path + "/detail");
            if (errors.size() == before) {
                String id = activityId != null ? activityId : derivedActivityId(type, occurredAt, campaign, detail);
                activities.add(new IncomingActivity(id, type, occurredAt, campaign, detail));
            }
        }
        return activities;
    }

    /**
     * An activity sent without an id gets one derived from its content, so the same activity sent twice is recorded
     * once.
     */
    private String derivedActivityId(ActivityType type, Instant occurredAt, String campaign, Map<String, String> detail) {
        String content = type + "|" + occurredAt + "|" + (campaign == null ? "" : campaign) + "|" + new TreeMap<>(detail);
        return "webhook:" + source + ":" + Hmac.sha256Hex(Hmac.utf8(content)).substring(0, 24);
    }

    private ActivityType activityType(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            error(path, "is required");
            return null;
        }
        if (!node.isTextual()) {
            error(path, "must be a string");
            return null;
        }
        String name = node.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        try {
            return ActivityType.valueOf(name);
        } catch (IllegalArgumentException e) {
            error(path, "unknown activity type; one of " + Arrays.toString(ActivityType.values()));
            return null;
        }
    }

    private Map<String, String> detail(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            error(path, "must be an object of strings");
            return Map.of();
        }
        if (node.size() > MAX_DETAIL_ENTRIES) {
            error(path, "at most " + MAX_DETAIL_ENTRIES + " entries");
            return Map.of();
        }
        Map<String, String> detail = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                error(path + "/" + pointer(e.getKey()), "must be a string");
            } else if (e.getValue().asText().length() > ProfileValues.MAX_TEXT || e.getKey().length() > 100) {
                error(path + "/" + pointer(e.getKey()), "too long");
            } else if (e.getKey().isBlank() || e.getKey().chars().anyMatch(Character::isISOControl)) {
                // a NUL cannot be part of a stored key at all; blank and control-character keys are never meant
                error(path + "/" + pointer(e.getKey()), "keys must be non-blank text without control characters");
            } else {
                detail.put(e.getKey(), e.getValue().asText());
            }
        });
        return detail;
    }

    private String text(JsonNode node, String at, String name) {
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

    private String id(JsonNode node, String at, String name) {
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

    private Instant time(JsonNode node, String at, String name, boolean required) {
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
            instant = OffsetDateTime.parse(value.asText().trim()).toInstant();
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

    private void set(ProfilePatch.Builder patch, ProfileField field, Object value, String path) {
        try {
            patch.set(field, value);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message == null ? -1 : message.indexOf(": ");
            error(path, colon >= 0 ? message.substring(colon + 2) : String.valueOf(message));
        }
    }

    /** A JSON-pointer reference token (RFC 6901): {@code ~} and {@code /} escaped. */
    private static String pointer(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private void error(String field, String detail) {
        errors.add(new Problem.FieldError(field, detail));
    }
}
