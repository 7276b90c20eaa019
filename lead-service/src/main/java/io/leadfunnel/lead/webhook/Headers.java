package io.leadfunnel.lead.webhook;

/** Request and response headers of the webhooks. */
final class Headers {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set on an answer repeated for an idempotency key, so a sender can tell. */
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private Headers() {
    }
}
