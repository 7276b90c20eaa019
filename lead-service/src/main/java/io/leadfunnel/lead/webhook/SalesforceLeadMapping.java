package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.EventTimes;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns the notifications of an outbound message into lead changes. The notification's structure must be right (ids,
 * a Lead sObject, a readable LastModifiedDate) or the message is refused; a single field value lead-service cannot
 * take (an e-mail Salesforce let through, an overlong text) is skipped, because Salesforce would otherwise retry the
 * same message for a day and then drop all of it.
 */
final class SalesforceLeadMapping {

    static final String CHANNEL = "salesforce";
    /** How far ahead of the receipt time a LastModifiedDate may lie (clock skew). */
    static final java.time.Duration FUTURE_TOLERANCE = java.time.Duration.ofMinutes(5);

    /** Lead fields kept, by Salesforce API name. */
    private static final Map<String, ProfileField> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("Email", ProfileField.EMAIL);
        FIELDS.put("FirstName", ProfileField.FIRST_NAME);
        FIELDS.put("LastName", ProfileField.LAST_NAME);
        FIELDS.put("Company", ProfileField.COMPANY);
        FIELDS.put("Title", ProfileField.TITLE);
        FIELDS.put("Country", ProfileField.COUNTRY);
        FIELDS.put("Industry", ProfileField.INDUSTRY);
        FIELDS.put("NumberOfEmployees", ProfileField.COMPANY_SIZE);
        FIELDS.put("Website", ProfileField.COMPANY_DOMAIN);
    }

    private SalesforceLeadMapping() {
    }

    /**
     * @param now           the time used when a notification carries no LastModifiedDate
     * @param skippedValues told (Salesforce field, reason) for every value left out
     * @throws ProblemException 400 naming every structural error
     */
    static List<SalesforceLead> map(SalesforceMessage message, Instant now, BiConsumer<String, String> skippedValues) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<SalesforceLead> leads = new ArrayList<>();
        for (SalesforceMessage.Notification n : message.notifications()) {
            String at = "Notification[" + (n.index() + 1) + "]";
            int before = errors.size();
            if (!usableId(n.id())) {
                errors.add(new Problem.FieldError(at + "/Id", "is required"));
            }
            if (!n.hasSObject()) {
                errors.add(new Problem.FieldError(at + "/sObject", "is required"));
            } else {
                if (n.sObjectType() != null && !n.sObjectType().equals("Lead")) {
                    errors.add(new Problem.FieldError(at + "/sObject",
                            "only Lead outbound messages are accepted, not " + n.sObjectType()));
                }
                if (!usableId(n.fields().get("Id"))) {
                    errors.add(new Problem.FieldError(at + "/sObject/Id", "is required"));
                }
            }
            Instant occurredAt = now;
            String modified = n.fields().get("LastModifiedDate");
            if (modified != null) {
                try {
                    occurredAt = OffsetDateTime.parse(modified).toInstant();
                    String where = at + "/sObject/LastModifiedDate";
                    EventTimes.problem(occurredAt, now, FUTURE_TOLERANCE)
                            .ifPresent(problem -> errors.add(new Problem.FieldError(where, problem)));
                } catch (DateTimeParseException e) {
                    errors.add(new Problem.FieldError(at + "/sObject/LastModifiedDate", "must be an xsd:dateTime"));
                }
            }
            if (errors.size() > before) {
                continue;
            }
            ProfilePatch.Builder patch = ProfilePatch.builder();
            FIELDS.forEach((name, field) -> setIfValid(patch, field, n.fields().get(name), name, skippedValues));
            String leadSource = n.fields().get("LeadSource");
            if (leadSource != null && setIfValid(patch, ProfileField.SOURCE_DETAIL, leadSource, "LeadSource",
                    skippedValues)) {
                patch.set(ProfileField.SOURCE, LeadSource.fromSalesforce(leadSource));
            }
            ExternalRef ref = ExternalRef.salesforce(n.fields().get("Id"));
            leads.add(new SalesforceLead(n.id(), new LeadChange(CHANNEL, ref, occurredAt, patch.build(), List.of())));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the outbound message holds malformed notifications; nothing was stored",
                    errors);
        }
        return leads;
    }

    /** Empty and nil values are left out: a field blank in Salesforce does not clear what another channel said. */
    private static boolean setIfValid(ProfilePatch.Builder patch, ProfileField field, String value, String name,
                                      BiConsumer<String, String> skippedValues) {
        if (value == null) {
            return false;
        }
        try {
            patch.setIfPresent(field, value);
            return true;
        } catch (IllegalArgumentException e) {
            skippedValues.accept(name, e.getMessage());
            return false;
        }
    }

    /** An id that can be a reference: not blank, no control characters, at most 200 characters. */
    private static boolean usableId(String id) {
        return id != null && !id.isBlank() && id.length() <= 200 && id.chars().noneMatch(Character::isISOControl);
    }
}
