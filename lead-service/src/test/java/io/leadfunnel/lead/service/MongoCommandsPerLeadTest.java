package io.leadfunnel.lead.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.messaging.ReadModelConsumer;
import io.leadfunnel.lead.webhook.DeliveryItems;
import io.leadfunnel.lead.webhook.HubSpotEvent;
import io.leadfunnel.lead.webhook.HubSpotWebhook;
import io.leadfunnel.testing.MongoCommandCounter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many MongoDB commands capturing a lead, applying a read-model event and consuming a poll of them cost, counted
 * with the driver's command listener on the calling thread (the relay's commands, which publish and clear the outbox,
 * are not included; a poll is handed to the consumer on the test's thread). The figures are printed and kept in the
 * README.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class MongoCommandsPerLeadTest {

    private static final String CHANNEL = "webhook:commands";

    @Inject
    MongoCommandCounter counter;

    @Inject
    DeliveryItems items;

    @Inject
    HubSpotWebhook hubspot;

    @Inject
    LeadReadModel readModel;

    @Inject
    ReadModelConsumer consumer;

    @Test
    void capturing_a_new_lead() {
        List<String> single = counter.commandsOf(() -> items.store(CHANNEL, List.of(item(newPerson()))));
        List<DeliveryItems.Item> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(item(newPerson()));
        }
        List<String> batch = counter.commandsOf(() -> items.store(CHANNEL, hundred));
        String contact = Long.toString(System.nanoTime());
        List<String> creation = counter.commandsOf(() -> hubspot.handle(List.of(new HubSpotEvent(0,
                UUID.randomUUID().toString(), HubSpotEvent.CREATION, contact, Instant.now(), null, null, null, null))));
        LeadChange known = newPerson();
        items.store(CHANNEL, List.of(item(known)));
        LeadChange update = new LeadChange(known.channel(), known.ref(), known.occurredAt().plusSeconds(1),
                ProfilePatch.builder().set(ProfileField.TITLE, "CTO").build(), List.of());
        List<String> knownLead = counter.commandsOf(() -> items.store(CHANNEL, List.of(item(update))));

        report("generic delivery of one new lead", single);
        report("generic delivery of 100 new leads (per lead: " + batch.size() / 100.0 + ")", batch);
        report("HubSpot contact.creation", creation);
        report("generic delivery changing a known lead", knownLead);
        assertThat(single).hasSizeLessThanOrEqualTo(3);
        assertThat(creation).hasSizeLessThanOrEqualTo(4); // one more look-up: the contacts erased on request
        assertThat(batch.size()).isLessThanOrEqualTo(5);
    }

    @Test
    void applying_read_model_events() {
        String leadId = items.store(CHANNEL, List.of(item(newPerson()))).get(0).leadIds().get(0);
        Instant t = Instant.parse("2026-03-04T08:00:00Z");
        List<Integer> inOrder = new ArrayList<>();
        inOrder.add(apply(event(LeadScored.class, leadId, t)));
        inOrder.add(apply(stageChange(leadId, "LEAD", "MQL", t.plusSeconds(1))));
        inOrder.add(apply(event(HandoffAssigned.class, leadId, t.plusSeconds(2))));
        inOrder.add(apply(stageChange(leadId, "MQL", "SAL", t.plusSeconds(3))));
        inOrder.add(apply(event(HandoffSlaBreached.class, leadId, t.plusSeconds(4))));
        inOrder.add(apply(stageChange(leadId, "SAL", "SQL", t.plusSeconds(5))));
        LifecycleEvent closed = (LifecycleEvent) event(LeadClosed.class, leadId, t.plusSeconds(6));
        inOrder.add(apply(closed));
        int late = apply(stageChange(leadId, "LEAD", "MQL", t.minusSeconds(60)));
        int lateScore = apply(event(LeadScored.class, leadId, t.minusSeconds(60)));
        int duplicate = apply(closed);
        int unknown = apply(event(LeadScored.class, new ObjectId().toHexString(), t));

        System.out.printf("MongoDB commands per read-model event: in order %s, late %d, late score %d, "
                + "duplicate %d, unknown lead %d%n", inOrder, late, lateScore, duplicate, unknown);
        assertThat(inOrder).allMatch(n -> n == 1);
        assertThat(late).isLessThanOrEqualTo(2);
        assertThat(lateScore).isLessThanOrEqualTo(2);
        assertThat(duplicate).isLessThanOrEqualTo(3);
        assertThat(unknown).isLessThanOrEqualTo(3);
    }

    @Test
    void consuming_a_poll_of_read_model_events() {
        Instant t = Instant.parse("2026-03-04T08:00:00Z");
        List<String> leadIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            leadIds.add(items.store(CHANNEL, List.of(item(newPerson()))).get(0).leadIds().get(0));
        }
        List<FunnelEvent> lifecycle = new ArrayList<>();
        List<FunnelEvent> scores = new ArrayList<>();
        for (String leadId : leadIds) {
            lifecycle.add(stageChange(leadId, "LEAD", "MQL", t.plusSeconds(1)));
            lifecycle.add(event(HandoffAssigned.class, leadId, t.plusSeconds(2)));
            lifecycle.add(stageChange(leadId, "MQL", "SAL", t.plusSeconds(3)));
            lifecycle.add(stageChange(leadId, "LEAD", "MQL", t.minusSeconds(60)));
            scores.add(event(LeadScored.class, leadId, t));
            scores.add(event(LeadScored.class, leadId, t.plusSeconds(5)));
        }
        List<String> lifecyclePoll = counter.commandsOf(() -> consumer.onLifecycle(poll(lifecycle)));
        List<String> scoresPoll = counter.commandsOf(() -> consumer.onScores(poll(scores)));
        List<String> redelivered = counter.commandsOf(() -> consumer.onLifecycle(poll(lifecycle)));
        List<FunnelEvent> withUnknown = new ArrayList<>(scores.subList(0, 2));
        withUnknown.add(event(LeadScored.class, new ObjectId().toHexString(), t));
        List<String> unknownLead = counter.commandsOf(() -> consumer.onScores(poll(withUnknown)));

        report("a poll of 40 lifecycle events of 10 leads", lifecyclePoll);
        report("a poll of 20 scores of 10 leads", scoresPoll);
        report("the same 40 lifecycle events again", redelivered);
        report("a poll of a lead's 2 scores again and a score of an unknown lead", unknownLead);
        assertThat(lifecyclePoll).containsExactly("update leads");
        assertThat(scoresPoll).containsExactly("update leads");
        assertThat(redelivered).containsExactly("update leads", "find leads");
        assertThat(unknownLead).containsExactly("update leads", "find leads");
    }

    /** The events as one poll of their topic, as the connector hands it to the consumer. */
    private static ConsumerRecords<String, String> poll(List<FunnelEvent> events) {
        String topic = events.get(0) instanceof LeadScored ? Topics.LEAD_SCORES : Topics.LEAD_LIFECYCLE;
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (FunnelEvent event : events) {
            records.add(new ConsumerRecord<>(topic, 0, records.size(), event.leadId(), FunnelJson.write(event)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), records), Map.of());
    }

    private int apply(FunnelEvent event) {
        return counter.commandsOf(() -> {
            if (event instanceof LeadScored scored) {
                readModel.apply(scored);
            } else {
                readModel.apply((LifecycleEvent) event);
            }
        }).size();
    }

    private static void report(String what, List<String> commands) {
        System.out.printf("MongoDB commands for %s: %d %s%n", what, commands.size(), commands.size() > 12
                ? commands.subList(0, 12) + "..." : commands);
    }

    private static LeadChange newPerson() {
        String id = UUID.randomUUID().toString();
        Instant at = Instant.now().minusSeconds(5);
        return new LeadChange(CHANNEL, ExternalRef.generic("commands", id), at, ProfilePatch.builder()
                .set(ProfileField.EMAIL, id + "@acme-robotics.example")
                .set(ProfileField.COMPANY, "Acme Robotics").build(),
                List.of(new IncomingActivity("demo", ActivityType.DEMO_REQUESTED, at, null, Map.of())));
    }

    private static DeliveryItems.Item item(LeadChange change) {
        return new DeliveryItems.Item(UUID.randomUUID().toString(), change, "item");
    }

    private static LifecycleEvent stageChange(String leadId, String from, String to, Instant at) {
        ObjectNode node = golden(LeadStageChanged.class, leadId, at);
        node.put("from", from);
        node.put("to", to);
        return FunnelJson.read(node.toString(), LifecycleEvent.class);
    }

    private static FunnelEvent event(Class<? extends FunnelEvent> type, String leadId, Instant at) {
        return FunnelJson.read(golden(type, leadId, at).toString());
    }

    private static ObjectNode golden(Class<? extends FunnelEvent> type, String leadId, Instant at) {
        try {
            ObjectNode node = (ObjectNode) FunnelJson.mapper().readTree(GoldenSamples.json(type));
            node.put("leadId", leadId);
            node.put("eventId", UUID.randomUUID().toString());
            node.put("occurredAt", at.toString());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
