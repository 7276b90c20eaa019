package io.leadfunnel.lead.webhook;

import java.util.List;

/**
 * The answer of the JSON webhooks.
 *
 * @param received  items (events or leads) in the delivery
 * @param leads     ids of the leads the delivery landed on, in delivery order, each once
 * @param duplicate whether everything in it had been processed before (nothing new was stored)
 */
public record WebhookSummary(int received, List<String> leads, boolean duplicate) {

    public WebhookSummary {
        leads = List.copyOf(leads);
    }
}
