package io.leadfunnel.lead.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model written as the fields an event changes: each event once, the newest of its kind wins, and the
 * document ends exactly as the aggregate's read-change-write of the whole lead leaves it, whether the events come one
 * at a time or as polls that hold several events of one lead.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class ReadModelWritesTest {

    private static final Instant T = Instant.parse("2026-03-04T08:00:00Z");
    private static final List<String> DECISION_FIELDS = List.of("stage", "stageAt", "owner", "team", "score",
            "lifecycleAt", "appliedEventIds", "timeline");
    private static final List<String> DECISION_LINES = List.of("stage", "handoff", "sla-breached", "closed", "scored");

    @Inject
    LeadReadModel readModel;

    @Inject
    LeadIntake intake;

    @Inject
    LeadWrites writes;

    @Inject
    LeadRepository leads;

    @Inject
    LeadMerging merging;

    @Test
    void a_duplicate_event_changes_nothing() {
        String id = newLead();
        LifecycleEvent mql = stageChange(id, "LEAD", "MQL", T);
        assertThat(apply(mql)).isEqualTo(LeadReadModel.Outcome.APPLIED);
        Map<String, Object> before = decisions(id);
        Object updatedAt = stored(id).get("updatedAt");

        assertThat(apply(mql)).isEqualTo(LeadReadModel.Outcome.DUPLICATE);

        assertThat(decisions(id)).isEqualTo(before);
        assertThat(stored(id).get("updatedAt")).isEqualTo(updatedAt);
    }

    @Test
    void an_older_event_is_history_only() {
        String id = newLead();
        apply(stageChange(id, "MQL", "SAL", T.plusSeconds(60)));
        apply(event(LeadScored.class, id, T.plusSeconds(60)));

        assertThat(apply(stageChange(id, "LEAD", "MQL", T))).isEqualTo(LeadReadModel.Outcome.APPLIED);
        assertThat(apply(event(LeadScored.class, id, T.minusSeconds(1)))).isEqualTo(LeadReadModel.Outcome.APPLIED);

        Document doc = stored(id);
        assertThat(doc.getString("stage")).isEqualTo("SAL");
        assertThat(doc.getDate("stageAt").toInstant()).isEqualTo(T.plusSeconds(60));
        assertThat(doc.getDate("lifecycleAt").toInstant()).isEqualTo(T.plusSeconds(60));
        assertThat(doc.get("score", Document.class).getDate("at").toInstant()).isEqualTo(T.plusSeconds(60));
        assertThat(doc.getList("timeline", Document.class)).filteredOn(line -> "stage".equals(line.get("kind")))
                .hasSize(2);
        assertThat(doc.getList("appliedEventIds", String.class)).hasSize(4);
    }

    @Test
    void an_event_for_an_unknown_lead_writes_nothing() {
        String unknown = new ObjectId().toHexString();

        assertThat(apply(event(LeadScored.class, unknown, T))).isEqualTo(LeadReadModel.Outcome.UNKNOWN_LEAD);
        assertThat(apply(stageChange(unknown, "LEAD", "MQL", T))).isEqualTo(LeadReadModel.Outcome.UNKNOWN_LEAD);

        assertThat(leads.findDocument(unknown)).isEmpty();
    }

    @Test
    void an_event_for_a_merged_lead_is_kept_on_that_lead_as_before() {
        String survivor = newLead();
        String absorbed = newLead();
        merging.mergeLeads(survivor, absorbed, T);
        String twin = newLead();
        String twinSurvivor = newLead();
        merging.mergeLeads(twinSurvivor, twin, T);

        List<FunnelEvent> events = List.of(stageChange(absorbed, "LEAD", "MQL", T),
                event(HandoffAssigned.class, absorbed, T.plusSeconds(1)), event(LeadScored.class, absorbed, T));
        for (FunnelEvent event : events) {
            assertThat(apply(event)).isEqualTo(LeadReadModel.Outcome.APPLIED);
            assertThat(rewrite(copyFor(event, twin))).isTrue();
        }

        assertThat(decisions(absorbed)).isEqualTo(decisions(twin));
        assertThat(stored(absorbed).getString("stage")).isEqualTo("MQL");
        assertThat(stored(survivor).getString("stage")).isEqualTo("LEAD");
    }

    @Test
    void shuffled_duplicated_events_end_as_the_whole_lead_rewrite_ends() {
        Random random = new Random(42);
        for (int round = 0; round < 10; round++) {
            String id = newLead();
            String twin = newLead();
            List<FunnelEvent> events = new ArrayList<>();
            String[] stages = {"LEAD", "MQL", "SAL", "SQL", "RECYCLED", "MQL", "SAL"};
            for (int i = 1; i < stages.length; i++) {
                events.add(stageChange(id, stages[i - 1], stages[i], T.plusSeconds(i * 10L)));
            }
            events.add(event(HandoffAssigned.class, id, T.plusSeconds(25)));
            events.add(event(HandoffSlaBreached.class, id, T.plusSeconds(35)));
            events.add(event(LeadClosed.class, id, T.plusSeconds(75)));
            for (int i = 0; i < 4; i++) {
                events.add(event(LeadScored.class, id, T.plusSeconds(random.nextInt(80))));
            }
            events.add(events.get(random.nextInt(events.size())));
            events.add(events.get(random.nextInt(events.size())));
            Collections.shuffle(events, random);

            for (FunnelEvent event : events) {
                boolean applied = rewrite(copyFor(event, twin));
                assertThat(apply(event)).isEqualTo(applied ? LeadReadModel.Outcome.APPLIED
                        : LeadReadModel.Outcome.DUPLICATE);
            }

            assertThat(decisions(id)).as("round %d", round).isEqualTo(decisions(twin));
        }
    }

    @Test
    void shuffled_duplicated_events_fed_as_polls_end_as_the_whole_lead_rewrite_ends() {
        Random random = new Random(43);
        for (int r = 0; r < 10; r++) {
            int round = r;
            List<String> ids = List.of(newLead(), newLead());
            Map<String, String> twins = Map.of(ids.get(0), newLead(), ids.get(1), newLead());
            List<FunnelEvent> events = new ArrayList<>();
            ids.forEach(id -> events.addAll(decisionEvents(id, random)));
            for (int i = 0; i < 4; i++) {
                events.add(events.get(random.nextInt(events.size())));
            }
            Collections.shuffle(events, random);

            int next = 0;
            while (next < events.size()) {
                int end = Math.min(events.size(), next + 1 + random.nextInt(8));
                List<FunnelEvent> poll = events.subList(next, end);
                List<FunnelEvent> lifecycle = poll.stream().filter(e -> !(e instanceof LeadScored)).toList();
                List<FunnelEvent> scores = poll.stream().filter(e -> e instanceof LeadScored).toList();
                for (List<FunnelEvent> topicPoll : List.of(lifecycle, scores)) {
                    List<Boolean> rewritten = topicPoll.stream()
                            .map(e -> rewrite(copyFor(e, twins.get(e.leadId())))).toList();
                    List<LeadReadModel.Counted> counted = applyPoll(topicPoll);
                    assertThat(counted).hasSize(topicPoll.size());
                    for (int i = 0; i < topicPoll.size(); i++) {
                        LeadReadModel.Counted c = counted.get(i);
                        // a poll mixing a lead that had its events with one that had not cannot tell them apart
                        assertThat(c.outcome()).as("round %d", round).isIn(rewritten.get(i)
                                ? LeadReadModel.Outcome.APPLIED : LeadReadModel.Outcome.DUPLICATE,
                                LeadReadModel.Outcome.APPLIED_OR_DUPLICATE);
                    }
                }
                next = end;
            }

            ids.forEach(id -> assertThat(decisions(id)).as("round %d", round).isEqualTo(decisions(twins.get(id))));
        }
    }

    @Test
    void a_poll_tells_a_new_lead_an_unknown_lead_and_a_partly_applied_lead_apart() {
        String fresh = newLead();
        String partly = newLead();
        String unknown = new ObjectId().toHexString();
        FunnelEvent seen = stageChange(partly, "LEAD", "MQL", T);
        assertThat(apply(seen)).isEqualTo(LeadReadModel.Outcome.APPLIED);

        List<LeadReadModel.Counted> counted = applyPoll(List.of(stageChange(fresh, "LEAD", "MQL", T),
                event(HandoffAssigned.class, fresh, T.plusSeconds(1)), seen,
                stageChange(partly, "MQL", "SAL", T.plusSeconds(2)), stageChange(unknown, "LEAD", "MQL", T)));

        assertThat(counted).extracting(LeadReadModel.Counted::leadId, LeadReadModel.Counted::outcome).containsExactly(
                Tuple.tuple(fresh, LeadReadModel.Outcome.APPLIED), Tuple.tuple(fresh, LeadReadModel.Outcome.APPLIED),
                Tuple.tuple(partly, LeadReadModel.Outcome.DUPLICATE),
                Tuple.tuple(partly, LeadReadModel.Outcome.APPLIED),
                Tuple.tuple(unknown, LeadReadModel.Outcome.UNKNOWN_LEAD));
        assertThat(stored(fresh).getString("owner")).isEqualTo("jonas.berg");
        assertThat(stored(partly).getString("stage")).isEqualTo("SAL");
        assertThat(leads.findDocument(unknown)).isEmpty();
    }

    @Test
    void a_redelivered_poll_of_one_lead_is_a_duplicate_and_one_mixed_with_a_new_lead_cannot_be_told_apart() {
        String seen = newLead();
        String fresh = newLead();
        List<FunnelEvent> first = List.of(stageChange(seen, "LEAD", "MQL", T), event(HandoffAssigned.class, seen, T));
        applyPoll(first);
        Map<String, Object> before = decisions(seen);

        assertThat(applyPoll(first)).extracting(LeadReadModel.Counted::outcome)
                .containsOnly(LeadReadModel.Outcome.DUPLICATE);
        List<FunnelEvent> mixed = new ArrayList<>(first);
        mixed.add(stageChange(fresh, "LEAD", "MQL", T));

        // the bulk write's counts say one of the two leads had its events before, not which
        assertThat(applyPoll(mixed)).extracting(LeadReadModel.Counted::outcome)
                .containsOnly(LeadReadModel.Outcome.APPLIED_OR_DUPLICATE);
        assertThat(decisions(seen)).isEqualTo(before);
        assertThat(stored(fresh).getString("stage")).isEqualTo("MQL");
    }

    @Test
    void the_lead_keeps_the_last_500_event_ids_and_timeline_lines() {
        String id = newLead();
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < 510; i++) {
            FunnelEvent scored = event(LeadScored.class, id, T.plusSeconds(i));
            eventIds.add(scored.eventId().toString());
            assertThat(apply(scored)).isEqualTo(LeadReadModel.Outcome.APPLIED);
        }

        Document doc = stored(id);
        assertThat(doc.getList("appliedEventIds", String.class)).isEqualTo(eventIds.subList(10, 510));
        List<Document> timeline = doc.getList("timeline", Document.class);
        assertThat(timeline).hasSize(500);
        assertThat(timeline.get(499).getString("eventId")).isEqualTo(eventIds.get(509));
        assertThat(doc.get("score", Document.class).getDate("at").toInstant()).isEqualTo(T.plusSeconds(509));
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** One lead's decisions: a run of stage changes, a hand-off, an SLA breach, a closing and scores. */
    private static List<FunnelEvent> decisionEvents(String id, Random random) {
        List<FunnelEvent> events = new ArrayList<>();
        String[] stages = {"LEAD", "MQL", "SAL", "SQL", "RECYCLED", "MQL", "SAL"};
        for (int i = 1; i < stages.length; i++) {
            events.add(stageChange(id, stages[i - 1], stages[i], T.plusSeconds(i * 10L)));
        }
        events.add(event(HandoffAssigned.class, id, T.plusSeconds(25)));
        events.add(event(HandoffSlaBreached.class, id, T.plusSeconds(35)));
        events.add(event(LeadClosed.class, id, T.plusSeconds(75)));
        for (int i = 0; i < 4; i++) {
            events.add(event(LeadScored.class, id, T.plusSeconds(random.nextInt(80))));
        }
        return events;
    }

    /** The events of one topic as one poll, read and grouped by lead as the consumer does; outcomes in poll order. */
    private List<LeadReadModel.Counted> applyPoll(List<FunnelEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (FunnelEvent event : events) {
            records.add(new ConsumerRecord<>(event instanceof LeadScored ? Topics.LEAD_SCORES : Topics.LEAD_LIFECYCLE,
                    0, records.size(), event.leadId(), FunnelJson.write(event)));
        }
        List<LeadReadModel.Counted> counted = events.get(0) instanceof LeadScored
                ? readModel.applyScores(LeadPoll.read(records,
                        r -> Optional.of(FunnelJson.read(r.value(), LeadScored.class)), LeadScored::leadId).byLead())
                        .counted()
                : readModel.applyLifecycle(LeadPoll.read(records,
                        r -> Optional.of(FunnelJson.read(r.value(), LifecycleEvent.class)), LifecycleEvent::leadId)
                        .byLead()).counted();
        // the outcomes come lead by lead; put them back in poll order
        Map<String, List<LeadReadModel.Counted>> byLead = new LinkedHashMap<>();
        counted.forEach(c -> byLead.computeIfAbsent(c.leadId(), id -> new ArrayList<>()).add(c));
        Map<String, Integer> taken = new LinkedHashMap<>();
        return events.stream().map(e -> byLead.get(e.leadId()).get(taken.merge(e.leadId(), 1, Integer::sum) - 1))
                .toList();
    }

    private LeadReadModel.Outcome apply(FunnelEvent event) {
        return event instanceof LeadScored scored ? readModel.apply(scored) : readModel.apply((LifecycleEvent) event);
    }

    /** Today's aggregate path: read the lead, let it take the event in, write the whole lead. */
    private boolean rewrite(FunnelEvent event) {
        Instant now = Instant.now();
        return writes.modify(event.leadId(), "rewrite", lead -> event instanceof LeadScored scored
                ? lead.applyScore(scored, now) : lead.applyLifecycle((LifecycleEvent) event, now));
    }

    private String newLead() {
        String person = UUID.randomUUID().toString();
        return intake.receive(new LeadChange("webhook:rm", ExternalRef.generic("rm", person), T.minusSeconds(3600),
                ProfilePatch.builder().set(ProfileField.EMAIL, person + "@acme.example").build(), List.of())).leadId();
    }

    private Document stored(String id) {
        return leads.mongoCollection().withDocumentClass(Document.class)
                .find(new Document("_id", id)).first();
    }

    private Map<String, Object> decisions(String id) {
        Document doc = stored(id);
        Map<String, Object> fields = new LinkedHashMap<>();
        DECISION_FIELDS.forEach(field -> fields.put(field, doc.get(field)));
        // the lines of the other services' events; the lead's own lines name its id and its own event ids
        fields.put("timeline", doc.getList("timeline", Document.class).stream()
                .filter(line -> DECISION_LINES.contains(line.getString("kind"))).toList());
        return fields;
    }

    /** The same event (same id and time) for another lead. */
    private static FunnelEvent copyFor(FunnelEvent event, String leadId) {
        try {
            ObjectNode node = (ObjectNode) FunnelJson.mapper().readTree(FunnelJson.write(event));
            node.put("leadId", leadId);
            return FunnelJson.read(node.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
