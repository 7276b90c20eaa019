package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.service.LeadChange;

/**
 * One validated notification of an outbound message.
 *
 * @param notificationId deduplication key across Salesforce's retries
 * @param change         what to store
 */
public record SalesforceLead(String notificationId, LeadChange change) {
}
