package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.service.LeadChange;

/**
 * One validated lead of a generic webhook delivery.
 *
 * @param index   position in the delivery
 * @param eventId the sender's id of this item, if any; deduplication key
 * @param change  what to store
 */
public record GenericLead(int index, String eventId, LeadChange change) {
}
