package io.leadfunnel.lead.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters that tell an operator what the senders send and what was left out. */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A delivery answered; {@code status} is the HTTP status, or {@code error} for a failure (503 or 500). */
    void delivery(String channel, String status) {
        Counter.builder("funnel.webhook.deliveries").description("Webhook deliveries answered, by status")
                .tag("channel", channel).tag("status", status)
                .register(registry).increment();
    }

    /** Items already processed before (sender retries). */
    void duplicates(String channel, int count) {
        if (count > 0) {
            Counter.builder("funnel.webhook.duplicates").description("Webhook items that had been processed before")
                    .tag("channel", channel).register(registry).increment(count);
        }
    }

    /** An item acknowledged but not applied (an unsupported event type, a lead no longer active). */
    void ignored(String channel, String reason) {
        Counter.builder("funnel.webhook.ignored").description("Webhook items acknowledged without effect, by reason")
                .tag("channel", channel).tag("reason", reason).register(registry).increment();
    }

    /** A field value left out because it was invalid; the rest of the item was stored. */
    void skippedValue(String channel, String field) {
        Counter.builder("funnel.webhook.skipped.values").description("Invalid field values left out, by field")
                .tag("channel", channel).tag("field", field).register(registry).increment();
    }
}
