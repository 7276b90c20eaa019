package io.leadfunnel.lead.webhook;

import java.time.Instant;
import java.util.List;

/**
 * One event of a HubSpot Webhooks API delivery, as far as lead-service uses it.
 *
 * @param index            position in the delivery, for error messages ({@code /3/objectId})
 * @param eventId          HubSpot's event id; deduplication key
 * @param subscriptionType e.g. {@code contact.propertyChange}
 * @param objectId         the contact id (null for types lead-service ignores)
 * @param occurredAt       when it happened in HubSpot
 * @param propertyName     for property changes
 * @param propertyValue    for property changes; null or blank clears the property
 * @param primaryObjectId  for merges: the surviving contact
 * @param mergedObjectIds  for merges: the contacts merged into it
 */
public record HubSpotEvent(int index, String eventId, String subscriptionType, String objectId, Instant occurredAt,
                           String propertyName, String propertyValue, String primaryObjectId,
                           List<String> mergedObjectIds) {

    public static final String CREATION = "contact.creation";
    public static final String PROPERTY_CHANGE = "contact.propertyChange";
    public static final String DELETION = "contact.deletion";
    public static final String PRIVACY_DELETION = "contact.privacyDeletion";
    public static final String MERGE = "contact.merge";

    public static final List<String> SUPPORTED = List.of(CREATION, PROPERTY_CHANGE, DELETION, PRIVACY_DELETION, MERGE);

    public HubSpotEvent {
        mergedObjectIds = mergedObjectIds == null ? List.of() : List.copyOf(mergedObjectIds);
    }

    public boolean isSupported() {
        return SUPPORTED.contains(subscriptionType);
    }
}
