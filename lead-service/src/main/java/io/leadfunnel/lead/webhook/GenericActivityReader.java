package io.leadfunnel.lead.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.events.ActivityType;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.ProfileValues;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the {@code activities} of a generic lead: the engagement scoring-service counts, each typed, timed and
 * recorded once however often it is sent.
 */
final class GenericActivityReader {

    static final int MAX_DETAIL_ENTRIES = 50;

    private static final Set<String> ACTIVITY_FIELDS = Set.of("activityId", "type", "occurredAt", "campaign",
            "detail");

    private final String source;
    private final GenericFieldReader fields;

    /**
     * @param source the sender, which scopes the ids derived for activities sent without one
     * @param fields where values are read and errors collected
     */
    GenericActivityReader(String source, GenericFieldReader fields) {
        this.source = source;
        this.fields = fields;
    }

    /** The valid activities of {@code node}; every one at fault is reported to the field reader instead. */
    List<IncomingActivity> activities(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            fields.error(at, "must be an array of activities");
            return List.of();
        }
        List<IncomingActivity> activities = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode a = node.get(i);
            String path = at + "/" + i;
            if (!a.isObject()) {
                fields.error(path, "must be an activity object");
                continue;
            }
            int before = fields.errorCount();
            fields.refuseUnknown(a, path, ACTIVITY_FIELDS::contains);
            String activityId = fields.id(a, path, "activityId");
            ActivityType type = activityType(a.get("type"), path + "/type");
            Instant occurredAt = fields.time(a, path, "occurredAt", true);
            String campaign = fields.text(a, path, "campaign");
            Map<String, String> detail = detail(a.get("detail"), path + "/detail");
            if (fields.errorCount() == before) {
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
            fields.error(path, "is required");
            return null;
        }
        if (!node.isTextual()) {
            fields.error(path, "must be a string");
            return null;
        }
        String name = node.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        try {
            return ActivityType.valueOf(name);
        } catch (IllegalArgumentException e) {
            fields.error(path, "unknown activity type; one of " + Arrays.toString(ActivityType.values()));
            return null;
        }
    }

    private Map<String, String> detail(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            fields.error(path, "must be an object of strings");
            return Map.of();
        }
        if (node.size() > MAX_DETAIL_ENTRIES) {
            fields.error(path, "at most " + MAX_DETAIL_ENTRIES + " entries");
            return Map.of();
        }
        Map<String, String> detail = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            String at = path + "/" + GenericFieldReader.pointer(e.getKey());
            if (!e.getValue().isTextual()) {
                fields.error(at, "must be a string");
            } else if (e.getValue().asText().length() > ProfileValues.MAX_TEXT || e.getKey().length() > 100) {
                fields.error(at, "too long");
            } else if (e.getKey().isBlank() || e.getKey().chars().anyMatch(Character::isISOControl)) {
                // a NUL cannot be part of a stored key at all; blank and control-character keys are never meant
                fields.error(at, "keys must be non-blank text without control characters");
            } else {
                detail.put(e.getKey(), e.getValue().asText());
            }
        });
        return detail;
    }
}
