package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.lead.service.IntakeResult;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.lead.service.LeadIntake;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores the items of one delivery (the notifications of a Salesforce message, the leads of a generic delivery), each
 * once, with few round trips: the items processed before are looked up at once, the certainly-new leads are captured
 * with one write ({@link LeadIntake#captureNew}), the rest go through {@link LeadIntake#receive} one by one in
 * delivery order, and the processed items are recorded with one more write. An item whose key came earlier in the
 * same delivery is a duplicate of that one. Returns when all of it is durable.
 */
@ApplicationScoped
public class DeliveryItems {

    private static final Logger LOG = Logger.getLogger(DeliveryItems.class);

    private final LeadIntake intake;
    private final DeliveryLog deliveries;
    private final WebhookMetrics metrics;

    public DeliveryItems(LeadIntake intake, DeliveryLog deliveries, WebhookMetrics metrics) {
        this.intake = intake;
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    /**
     * One item.
     *
     * @param key    what it is recorded under in the delivery log, null when it is not recorded
     * @param change the change it carries
     * @param name   how a log line names it ({@code item 3}, {@code notification 04l...})
     */
    public record Item(String key, LeadChange change, String name) {
    }

    /** What became of an item: the leads it landed on (for a duplicate: the leads of its first processing). */
    public record Outcome(List<String> leadIds, boolean duplicate) {
    }

    public List<Outcome> store(String channel, List<Item> items) {
        Set<String> keys = new HashSet<>();
        for (Item item : items) {
            if (item.key() != null) {
                keys.add(item.key());
            }
        }
        Map<String, DeliveryDocument> seen = deliveries.findAll(channel, keys);
        Map<String, Integer> firstAt = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String key = items.get(i).key();
            if (key == null || (!seen.containsKey(key) && firstAt.putIfAbsent(key, i) == null)) {
                fresh.add(i);
            }
        }
        Map<Integer, IntakeResult> captured = new HashMap<>();
        intake.captureNew(fresh.stream().map(i -> items.get(i).change()).toList())
                .forEach((k, result) -> captured.put(fresh.get(k), result));
        List<Outcome> outcomes = new ArrayList<>(items.size());
        List<DeliveryDocument> records = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            DeliveryDocument before = item.key() == null ? null : seen.get(item.key());
            if (before != null) {
                duplicates++;
                outcomes.add(new Outcome(before.leadIds == null ? List.of() : before.leadIds, true));
                continue;
            }
            if (item.key() != null && firstAt.get(item.key()) != i) {
                duplicates++;
                outcomes.add(new Outcome(outcomes.get(firstAt.get(item.key())).leadIds(), true));
                continue;
            }
            List<String> touched = captured.containsKey(i) ? List.of(captured.get(i).leadId())
                    : receive(channel, item);
            outcomes.add(new Outcome(touched, false));
            if (item.key() != null) {
                records.add(deliveries.record(channel, item.key(), touched));
            }
        }
        deliveries.rememberAll(records);
        metrics.duplicates(channel, duplicates);
        return outcomes;
    }

    private List<String> receive(String channel, Item item) {
        try {
            return List.of(intake.receive(item.change()).leadId());
        } catch (LeadNotActiveException e) {
            LOG.warnf("%s %s acknowledged without effect: %s", channel, item.name(), e.getMessage());
            metrics.ignored(channel, "lead-not-active");
            return List.of();
        }
    }
}
