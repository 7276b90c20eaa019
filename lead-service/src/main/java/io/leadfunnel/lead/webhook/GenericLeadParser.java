package io.leadfunnel.lead.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.runtime.problem.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the documented generic lead format (docs/webhooks.md). It is our own schema, so it is strict:
 * an unknown field is refused by name rather than silently dropped, and every error of every item is reported at once.
 * This class maps a lead's fields onto its profile; values are read by {@link GenericFieldReader}, activities by
 * {@link GenericActivityReader}.
 */
final class GenericLeadParser {

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

    private final String source;
    private final Instant now;
    private final GenericFieldReader fields;
    private final GenericActivityReader activities;

    private GenericLeadParser(String source, Instant now, Duration futureTolerance) {
        this.source = source;
        this.now = now;
        this.fields = new GenericFieldReader(now, futureTolerance);
        this.activities = new GenericActivityReader(source, fields);
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
                    parser.fields.error("/" + i, "must be a lead object");
                    continue;
                }
                parser.item(root.get(i), i, "/" + i, leads);
            }
        } else {
            throw ProblemException.malformed("the body must be a lead object or an array of lead objects", null);
        }
        if (parser.fields.errorCount() > 0) {
            throw ProblemException.invalid("the delivery holds invalid leads; nothing was stored",
                    parser.fields.errors());
        }
        return leads;
    }

    /** Validates one lead and adds it to {@code into} when it has no errors. */
    private void item(JsonNode node, int index, String at, List<GenericLead> into) {
        int before = fields.errorCount();
        fields.refuseUnknown(node, at, name -> PROFILE.containsKey(name) || OTHER_FIELDS.contains(name));
        String eventId = fields.id(node, at, "eventId");
        String externalId = fields.id(node, at, "externalId");
        Instant occurredAt = fields.time(node, at, "occurredAt", false);
        ProfilePatch.Builder patch = ProfilePatch.builder();

        String email = null;
        JsonNode emailNode = node.get("email");
        if (emailNode != null && !emailNode.isNull()) {
            if (!emailNode.isTextual()) {
                fields.error(at + "/email", "must be a string");
            } else {
                email = emailNode.asText();
                if (!email.isBlank()) {
                    // a blank e-mail identifies nobody; it never clears the one held
                    set(patch, ProfileField.EMAIL, email, at + "/email");
                }
            }
        }
        if ((email == null || email.isBlank()) && externalId == null) {
            fields.error(at + "/email", "an e-mail address or an externalId is required to identify the lead");
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
                    fields.error(path, e.getValue() == ProfileField.COMPANY_SIZE ? "must be a whole number"
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
                fields.error(at + "/source", "must be a string");
            } else {
                set(patch, ProfileField.SOURCE_DETAIL, value.asText(), at + "/source");
                patch.set(ProfileField.SOURCE, value.asText().isBlank() ? null : LeadSource.normalize(value.asText()));
            }
        }
        List<IncomingActivity> activities = this.activities.activities(node.get("activities"), at + "/activities");
        if (fields.errorCount() > before) {
            return;
        }
        ExternalRef ref = externalId == null ? null : ExternalRef.generic(source, externalId);
        LeadChange change = new LeadChange(GenericWebhook.channel(source), ref, occurredAt == null ? now : occurredAt,
                patch.build(), activities);
        into.add(new GenericLead(index, eventId, change));
    }

    private void set(ProfilePatch.Builder patch, ProfileField field, Object value, String path) {
        try {
            patch.set(field, value);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message == null ? -1 : message.indexOf(": ");
            fields.error(path, colon >= 0 ? message.substring(colon + 2) : String.valueOf(message));
        }
    }
}
