package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.lead.repository.DeliveryRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the webhooks have already processed. An item is recorded only after its lead writes succeeded, so a crash in
 * between makes the sender's retry apply it again, which the newest-wins lead writes make harmless.
 */
@ApplicationScoped
public class DeliveryLog {

    private final DeliveryRepository deliveries;
    private final Clock clock;

    public DeliveryLog(DeliveryRepository deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    public Optional<DeliveryDocument> find(String channel, String id) {
        return deliveries.find(channel, id);
    }

    public boolean seen(String channel, String id) {
        return find(channel, id).isPresent();
    }

    /** Records a processed item and the leads it landed on. */
    public void remember(String channel, String id, List<String> leadIds) {
        remember(channel, id, leadIds, null, null, null);
    }

    /** The items of a delivery already processed, by id, in one look-up. */
    public Map<String, DeliveryDocument> findAll(String channel, Collection<String> ids) {
        return deliveries.findAll(channel, ids);
    }

    /** A record of a processed item, to be written with {@link #rememberAll}. */
    public DeliveryDocument record(String channel, String id, List<String> leadIds) {
        DeliveryDocument doc = new DeliveryDocument();
        doc.id = DeliveryRepository.key(channel, id);
        doc.leadIds = List.copyOf(leadIds);
        doc.receivedAt = clock.instant();
        return doc;
    }

    /** Writes the records of processed items at once. */
    public void rememberAll(List<DeliveryDocument> records) {
        deliveries.recordAll(records);
    }

    /** Records a processed request with its answer, to repeat it for the same idempotency key. */
    public void remember(String channel, String id, List<String> leadIds, String requestHash, Integer status,
                         String response) {
        DeliveryDocument doc = record(channel, id, leadIds);
        doc.requestHash = requestHash;
        doc.status = status;
        doc.response = response;
        deliveries.record(doc);
    }
}
