package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Applies a verified generic delivery. Idempotent twice over: a repeated {@code Idempotency-Key} gets the first answer
 * again without touching the leads, and an item whose {@code eventId} was processed before is skipped.
 */
@ApplicationScoped
public class GenericWebhook {

    static final int MAX_KEY_LENGTH = 200;

    private final DeliveryItems items;
    private final DeliveryLog deliveries;

    public GenericWebhook(DeliveryItems items, DeliveryLog deliveries) {
        this.items = items;
        this.deliveries = deliveries;
    }

    /** The channel (and delivery-log namespace) of a source: {@code webhook:<source>}. */
    static String channel(String source) {
        return "webhook:" + source;
    }

    /**
     * The stored answer to an earlier request with this key.
     *
     * @throws ProblemException 422 when the key was used for a different body, 400 for a malformed key
     */
    public Optional<DeliveryDocument> firstAnswer(String source, String key, String requestHash) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ProblemException.invalidField(Headers.IDEMPOTENCY_KEY,
                    "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        Optional<DeliveryDocument> first = deliveries.find(channel(source), "key:" + key);
        if (first.isPresent() && first.get().response != null && !requestHash.equals(first.get().requestHash)) {
            throw ProblemException.unprocessable("this idempotency key was used for a different request",
                    Headers.IDEMPOTENCY_KEY);
        }
        return first.filter(d -> d.response != null);
    }

    public void rememberAnswer(String source, String key, String requestHash, WebhookSummary summary, String json) {
        deliveries.remember(channel(source), "key:" + key, summary.leads(), requestHash, 200, json);
    }

    /**
     * Stores every lead not seen before ({@link DeliveryItems}: an item's {@code eventId} is its key); returns when all
     * of them are durable.
     */
    public WebhookSummary handle(String source, List<GenericLead> leads) {
        List<DeliveryItems.Item> batch = leads.stream().map(lead -> new DeliveryItems.Item(
                lead.eventId() == null ? null : "event:" + lead.eventId(), lead.change(), "item " + lead.index()))
                .toList();
        LinkedHashSet<String> leadIds = new LinkedHashSet<>();
        int duplicates = 0;
        for (DeliveryItems.Outcome outcome : items.store(channel(source), batch)) {
            leadIds.addAll(outcome.leadIds());
            duplicates += outcome.duplicate() ? 1 : 0;
        }
        return new WebhookSummary(leads.size(), List.copyOf(leadIds), !leads.isEmpty() && duplicates == leads.size());
    }
}
