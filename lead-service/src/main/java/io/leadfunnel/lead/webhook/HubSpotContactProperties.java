package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;

import java.util.Map;
import java.util.Optional;

/**
 * Which HubSpot contact properties lead-service keeps, and as which profile field. Other properties are not lead
 * data the funnel uses and are ignored.
 */
final class HubSpotContactProperties {

    private static final Map<String, ProfileField> FIELDS = Map.ofEntries(
            Map.entry("email", ProfileField.EMAIL),
            Map.entry("firstname", ProfileField.FIRST_NAME),
            Map.entry("lastname", ProfileField.LAST_NAME),
            Map.entry("company", ProfileField.COMPANY),
            Map.entry("jobtitle", ProfileField.TITLE),
            Map.entry("country", ProfileField.COUNTRY),
            Map.entry("industry", ProfileField.INDUSTRY),
            Map.entry("numberofemployees", ProfileField.COMPANY_SIZE),
            Map.entry("website", ProfileField.COMPANY_DOMAIN),
            Map.entry("domain", ProfileField.COMPANY_DOMAIN),
            Map.entry("hs_analytics_source_data_1", ProfileField.CAMPAIGN),
            Map.entry("campaign", ProfileField.CAMPAIGN));

    static final String SOURCE = "hs_analytics_source";

    private HubSpotContactProperties() {
    }

    /**
     * The profile change a property change means; empty for properties lead-service does not keep.
     *
     * @param value the new value; null or blank clears the field
     * @throws IllegalArgumentException when the value is not valid for the field (the message names the field)
     */
    static Optional<ProfilePatch> patch(String property, String value) {
        if (property == null) {
            return Optional.empty();
        }
        if (property.equals(SOURCE)) {
            boolean cleared = value == null || value.isBlank();
            return Optional.of(ProfilePatch.builder()
                    .set(ProfileField.SOURCE, cleared ? null : LeadSource.fromHubSpot(value))
                    .set(ProfileField.SOURCE_DETAIL, value)
                    .build());
        }
        ProfileField field = FIELDS.get(property);
        return field == null ? Optional.empty() : Optional.of(ProfilePatch.builder().set(field, value).build());
    }

    /** The field a property lands in, for metrics and logs. */
    static String fieldName(String property) {
        if (SOURCE.equals(property)) {
            return ProfileField.SOURCE.jsonName();
        }
        ProfileField field = FIELDS.get(property);
        return field == null ? "ignored" : field.jsonName();
    }
}
