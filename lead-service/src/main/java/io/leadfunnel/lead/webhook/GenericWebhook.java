package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.lead.rest.problem.ProblemException;
import io.leadfunnel.lead.service.LeadIntake;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Applies a verified generic delivery. Idempotent twice over: a repeated {@code Idempotency-Key} gets the first answer
 * again without touching the leads, and an item whose {@code eventId} was processed before is skipped.
 */
@ApplicationScoped
public class GenericWebhook {

    private static final Logger LOG = Logger.getLogger(GenericWebhook.class);
    static final int MAX_KEY_LENGTH = 200;

    private final LeadIntake intake;
    private final DeliveryLog deliveries;
    private final WebhookMetrics metrics;

    public GenericWebhook(LeadIntake intake, DeliveryLog deliveries, WebhookMetrics metrics) {
        this.intake = intake;
        this.deliveries = deliveries;
        this.metrics = metrics;
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

    /** Stores every lead not seen before; returns when all of them are durable. */
    public WebhookSummary handle(String source, List<GenericLead> leads) {
        String channel = channel(source);
        LinkedHashSet<String> leadIds = new LinkedHashSet<>();
        int duplicates = 0;
        for (GenericLead lead : leads) {
            if (lead.eventId() != null) {
                Optional<DeliveryDocument> seen = deliveries.find(channel, "event:" + lead.eventId());
                if (seen.isPresent()) {
                    duplicates++;
                    if (seen.get().leadIds != null) {
                        leadIds.addAll(seen.get().leadIds);
                    }
                    continue;
                }
            }
            List<String> touched;
            try {
                touched = List.of(intake.receive(lead.change()).leadId());
            } catch (LeadNotActiveException e) {
                LOG.warnf("%s item %d acknowledged without effect: %s", channel, lead.index(), e.getMessage());
                metrics.ignored(channel, "lead-not-active");
                touched = List.of();
            }
            leadIds.addAll(touched);
            if (lead.eventId() != null) {
                deliveries.remember(channel, "event:" + lead.eventId(), touched);
            }
        }
        metrics.duplicates(channel, duplicates);
        return new WebhookSummary(leads.size(), List.copyOf(leadIds), !leads.isEmpty() && duplicates == leads.size());
    }
}
