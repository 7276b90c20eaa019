package io.leadfunnel.lead.webhook;

import java.util.List;
import java.util.Map;

/**
 * A Salesforce outbound message as sent, before validation.
 *
 * @param organizationId the sending org
 * @param notifications  the notifications in document order
 */
public record SalesforceMessage(String organizationId, List<Notification> notifications) {

    public SalesforceMessage {
        notifications = List.copyOf(notifications);
    }

    /**
     * One notification.
     *
     * @param index       position in the message, from 0
     * @param id          the notification id; deduplication key across Salesforce's retries
     * @param hasSObject  whether an {@code sObject} element was present
     * @param sObjectType the local part of its {@code xsi:type} ({@code Lead}), or null
     * @param fields      its field elements by local name; null values for {@code xsi:nil} or empty elements
     */
    public record Notification(int index, String id, boolean hasSObject, String sObjectType,
                               Map<String, String> fields) {
    }
}
