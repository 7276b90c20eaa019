package io.leadfunnel.handoff;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.domain.RoutingRule;
import io.leadfunnel.handoff.domain.RoutingTable;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.testing.TopicReader;
import io.leadfunnel.testing.TopicWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Input events, routing set-ups and topic read-backs the Quarkus tests share. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A profile meeting the default definition, in an industry only this test's routing rule matches. */
    public static LeadProfile profile(String industry) {
        return new LeadProfile("maria@acme-robotics.example", "Maria", "Keller", "Acme Robotics GmbH",
                "acme-robotics.example", "VP Operations", "DE", industry, 450, LeadSource.WEBINAR, "Webinar",
                "q1-webinar", LeadOrigin.MARKETING);
    }

    public static LeadCaptured captured(String leadId, LeadProfile profile) {
        return new LeadCaptured(UUID.randomUUID(), leadId, Instant.now(), FunnelEvent.SCHEMA_VERSION, "lead-service",
                1, profile, Map.of("hubspot", leadId), "hubspot");
    }

    public static LeadProfileUpdated updated(String leadId, long sequence, LeadProfile profile) {
        return new LeadProfileUpdated(UUID.randomUUID(), leadId, Instant.now(), FunnelEvent.SCHEMA_VERSION,
                "lead-service", sequence, profile, List.of("title"), List.of());
    }

    public static LeadScored scored(String leadId, int total, String grade) {
        return new LeadScored(UUID.randomUUID(), leadId, Instant.now(), FunnelEvent.SCHEMA_VERSION, "scoring-service",
                total, total, total, grade, null, null, null, null, 3, List.of(), "event");
    }

    /** One poll of {@code topic}'s partition 0 with these events, in this order, as the connector hands it over. */
    public static ConsumerRecords<String, String> poll(String topic, FunnelEvent... events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (FunnelEvent event : events) {
            records.add(new ConsumerRecord<>(topic, 0, records.size(), event.leadId(), FunnelJson.write(event)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), records), Map.of());
    }

    /** Sends events to their topics and waits for the broker's acknowledgement. */
    public static void send(FunnelEvent... events) {
        try (TopicWriter writer = new TopicWriter()) {
            for (FunnelEvent event : events) {
                String topic = event instanceof LeadScored ? Topics.LEAD_SCORES : Topics.LEAD_EVENTS;
                writer.send(topic, event);
            }
        }
    }

    /** The lifecycle events published for one lead so far. */
    public static List<LifecycleEvent> lifecycleOf(String leadId) {
        List<LifecycleEvent> events = new ArrayList<>();
        new TopicReader().readAll(Topics.LEAD_LIFECYCLE, Duration.ofSeconds(20)).stream()
                .filter(r -> leadId.equals(r.key()))
                .forEach(r -> events.add((LifecycleEvent) TopicReader.decode(r)));
        return events;
    }

    /** Adds reps and puts a rule in front of the stored routing table. */
    public static void routeFirst(RoutingService routing, RoutingRule rule, SalesRep... reps) {
        for (SalesRep rep : reps) {
            routing.saveRep(rep);
        }
        RoutingTable table = routing.table();
        List<RoutingRule> rules = new ArrayList<>();
        rules.add(rule);
        rules.addAll(table.rules());
        routing.saveTable(new RoutingTable(rules, table.fallbackQueue(), table.managerQueues()));
    }

    /** A rule sending leads of {@code industry} to {@code team}'s round robin. */
    public static RoutingRule teamRule(String id, String industry, String team) {
        return new RoutingRule(id, new RoutingRule.Conditions(null, null, null, null, List.of(industry), null, null),
                new RoutingRule.Target(RoutingRule.Target.Kind.TEAM, team), null);
    }
}
