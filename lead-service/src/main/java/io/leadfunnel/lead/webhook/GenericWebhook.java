package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.lead.rest.problem.ProblemException;
import io.leadfunnel.lead.service.IntakeResult;
import io.leadfunnel.lead.service.LeadIntake;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Stores every lead not seen before; returns when all of them are durable. The delivery's processed items are
     * looked up at once and its certainly-new leads captured with one write ({@link LeadIntake#captureNew}); the
     * rest go through {@link LeadIntake#receive} one by one in delivery order. A delivery that repeats an item's
     * {@code eventId} is handled item by item (the first occurrence answers for the later ones).
     */
    public WebhookSummary handle(String source, List<GenericLead> leads) {
        String channel = channel(source);
        Set<String> keys = new HashSet<>();
        for (GenericLead lead : leads) {
            if (lead.eventId() != null && !keys.add("event:" + lead.eventId())) {
                return handleOneByOne(channel, leads);
            }
        }
        Map<String, DeliveryDocument> seen = deliveries.findAll(channel, keys);
        List<Integer> unseen = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            if (leads.get(i).eventId() == null || !seen.containsKey("event:" + leads.get(i).eventId())) {
                unseen.add(i);
            }
        }
        Map<Integer, IntakeResult> captured = new HashMap<>();
        intake.captureNew(unseen.stream().map(i -> leads.get(i).change()).toList())
                .forEach((k, result) -> captured.put(unseen.get(k), result));
        LinkedHashSet<String> leadIds = new LinkedHashSet<>();
        List<DeliveryDocument> records = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < leads.size(); i++) {
            GenericLead lead = leads.get(i);
            DeliveryDocument before = lead.eventId() == null ? null : seen.get("event:" + lead.eventId());
            if (before != null) {
                duplicates++;
                if (before.leadIds != null) {
                    leadIds.addAll(before.leadIds);
                }
                continue;
            }
            List<String> touched = captured.containsKey(i) ? List.of(captured.get(i).leadId()) : receive(channel, lead);
            leadIds.addAll(touched);
            if (lead.eventId() != null) {
                records.add(deliveries.record(channel, "event:" + lead.eventId(), touched));
            }
        }
        deliveries.rememberAll(records);
        metrics.duplicates(channel, duplicates);
        return new WebhookSummary(leads.size(), List.copyOf(leadIds), !leads.isEmpty() && duplicates == leads.size());
    }

    private List<String> receive(String channel, GenericLead lead) {
        try {
            return List.of(intake.receive(lead.change()).leadId());
        } catch (LeadNotActiveException e) {
            LOG.warnf("%s item %d acknowledged without effect: %s", channel, lead.index(), e.getMessage());
            metrics.ignored(channel, "lead-not-active");
            return List.of();
        }
    }

    /** Item by item, each recorded before the next is looked up. */
    private WebhookSummary handleOneByOne(String channel, List<GenericLead> leads) {
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
            List<String> touched = receive(channel, lead);
            leadIds.addAll(touched);
            if (lead.eventId() != null) {
                deliveries.remember(channel, "event:" + lead.eventId(), touched);
            }
        }
        metrics.duplicates(channel, duplicates);
        return new WebhookSummary(leads.size(), List.copyOf(leadIds), !leads.isEmpty() && duplicates == leads.size());
    }
}
