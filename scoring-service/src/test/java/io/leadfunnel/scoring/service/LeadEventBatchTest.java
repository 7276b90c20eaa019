package io.leadfunnel.scoring.service;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.testing.MarkedCommandRecorder;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.domain.Activity;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poll of lead events applied at once against the real MongoDB engine, compared with the same events applied one at
 * a time, and raced by another writer between its read and its write. The Kafka side is in
 * {@code messaging/BatchConsumptionTest}.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class LeadEventBatchTest {

    @Inject
    LeadEventBatch batch;

    @Inject
    LeadScoring scoring;

    @Inject
    LeadScoringRepository states;

    @Inject
    MarkedCommandRecorder commands;

    @Inject
    TestClock clock;

    private static Map<String, List<LeadPoll.Entry<LeadEvent>>> poll(List<LeadEvent> events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (LeadEvent event : events) {
            records.add(new ConsumerRecord<>(Topics.LEAD_EVENTS, 0, records.size(), event.leadId(),
                    FunnelJson.write(event)));
        }
        return LeadPoll.read(records, r -> Optional.of(FunnelJson.read(r.value(), LeadEvent.class)),
                LeadEvent::leadId).byLead();
    }

    /** Out of order (an activity before the capture), duplicates, and a stale second capture. */
    private List<LeadEvent> script(String leadId, Instant now) {
        LeadEvent demo = activity(leadId, 2, ActivityType.DEMO_REQUESTED, now);
        LeadCaptured capture = captured(leadId, now.minus(Duration.ofDays(31)));
        LeadEvent webinar = activity(leadId, 3, ActivityType.WEBINAR_ATTENDED, now.minus(Duration.ofDays(30)));
        LeadEvent staleCapture = captured(leadId, now.minus(Duration.ofDays(40)));
        return List.of(demo, capture, demo, webinar, staleCapture, capture, webinar);
    }

    @Test
    void duplicates_and_reordering_in_a_poll_end_as_applying_one_at_a_time_and_a_replayed_poll_writes_nothing() {
        Instant now = clock.instant();
        String batched = newLeadId("batch-same");
        String single = newLeadId("single-same");

        List<LeadEvent> events = script(batched, now);
        commands.start(batched);
        ScoringBatch.Applied applied = batch.apply(poll(events));
        Map<String, Integer> first = commands.stop();
        script(single, now).forEach(scoring::apply);

        assertThat(applied.poison()).isEmpty();
        assertThat(applied.counted()).extracting(ScoringBatch.Counted::outcome).containsExactly(
                LeadScoring.Outcome.APPLIED, LeadScoring.Outcome.APPLIED, LeadScoring.Outcome.DUPLICATE,
                LeadScoring.Outcome.APPLIED, LeadScoring.Outcome.APPLIED, LeadScoring.Outcome.DUPLICATE,
                LeadScoring.Outcome.DUPLICATE);
        LeadScoringState a = states.findState(batched).orElseThrow();
        LeadScoringState b = states.findState(single).orElseThrow();
        assertThat(a.score().orElseThrow()).usingRecursiveComparison().isEqualTo(b.score().orElseThrow());
        assertThat(a.score().orElseThrow().total()).isEqualTo(64);
        assertThat(a.profile()).isEqualTo(b.profile());
        assertThat(a.profileSequence()).isEqualTo(b.profileSequence());
        assertThat(a.activities()).extracting(Activity::type, Activity::occurredAt)
                .isEqualTo(b.activities().stream().map(x -> org.assertj.core.groups.Tuple.tuple(x.type(),
                        x.occurredAt())).toList());
        assertThat(a.appliedEventIds()).hasSameSizeAs(b.appliedEventIds());
        assertThat(a.nextEvaluationAt()).isEqualTo(b.nextEvaluationAt());
        // one read and one write, where one at a time reads and writes for each of the four events that change it
        assertThat(first).containsEntry("find lead_scores", 1).containsEntry("update lead_scores versioned", 1)
                .doesNotContainKeys("findAndModify lead_scores", "insert lead_scores");

        // when the same poll comes again (a redelivery after a crash before the commit)
        commands.start(batched);
        ScoringBatch.Applied again = batch.apply(poll(events));
        Map<String, Integer> sent = commands.stop();

        // then it is read and nothing is written (the relay may clear the published event meanwhile: a plain update)
        assertThat(again.counted()).extracting(ScoringBatch.Counted::outcome)
                .containsOnly(LeadScoring.Outcome.DUPLICATE);
        assertThat(sent).containsEntry("find lead_scores", 1).doesNotContainKeys("update lead_scores versioned",
                "findAndModify lead_scores", "insert lead_scores");
    }

    @Test
    void a_lead_another_writer_changed_between_read_and_write_is_read_and_written_again_alone() {
        Instant now = clock.instant();
        String prefix = newLeadId("race");
        String raced = prefix + "-raced";
        String quiet = prefix + "-quiet";
        batch.apply(poll(List.of(captured(raced, now), captured(quiet, now))));
        // (once the relay has published and cleared their LeadScored, which moves their versions on too)
        await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of(raced, quiet)
                .map(states::findById).allMatch(doc -> doc.outboxPending == null));
        long racedVersion = states.findState(raced).orElseThrow().version();

        // given another writer stores a pricing-page view of one lead right after the poll's leads were read
        commands.start(prefix);
        commands.afterNextRead(() -> scoring.apply(activity(raced, 5, ActivityType.PRICING_PAGE_VIEW, now)));

        // when the poll brings a demo request for both
        ScoringBatch.Applied applied = batch.apply(poll(List.of(
                activity(raced, 2, ActivityType.DEMO_REQUESTED, now),
                activity(quiet, 2, ActivityType.DEMO_REQUESTED, now))));
        Map<String, Integer> sent = commands.stop();
        List<String> reads = commands.commands().stream().filter(c -> c.startsWith("{\"find\"")
                && c.contains("\"$in\"") && !c.contains("\"writeToken\"")).toList();

        // then the raced lead alone is read and written again, and it keeps both activities (the relay clearing the
        // racer's LeadScored can move it on once more, so it may take a further round)
        assertThat(applied.poison()).isEmpty();
        assertThat(reads.size()).isGreaterThanOrEqualTo(2);
        assertThat(reads.get(0)).contains(raced).contains(quiet);
        assertThat(reads.subList(1, reads.size())).allSatisfy(read -> assertThat(read).contains(raced)
                .doesNotContain(quiet));
        assertThat(sent.get("update lead_scores versioned")).isEqualTo(reads.size());
        LeadScoringState racedState = states.findState(raced).orElseThrow();
        assertThat(racedState.activities()).extracting(Activity::type)
                .containsExactlyInAnyOrder(ActivityType.DEMO_REQUESTED, ActivityType.PRICING_PAGE_VIEW);
        assertThat(racedState.version()).isGreaterThanOrEqualTo(racedVersion + 2);
        assertThat(states.findState(quiet).orElseThrow().activities()).extracting(Activity::type)
                .containsExactly(ActivityType.DEMO_REQUESTED);
    }
}
