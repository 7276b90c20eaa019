package io.leadfunnel.handoff.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.InMemoryLifecycles;
import io.leadfunnel.handoff.StandInServices;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.service.LifecycleBatch.ProfileRecord;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.store.LeadLocks;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.leadfunnel.handoff.service.LifecycleService.Outcome.APPLIED;
import static io.leadfunnel.handoff.service.LifecycleService.Outcome.DUPLICATE;
import static io.leadfunnel.handoff.service.LifecycleService.Outcome.STALE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch applier over a store in memory with the real store's version checks: a poll is one read and one write,
 * whatever its duplicates; facts split or reordered across polls end as one at a time; a lead another writer changed
 * between the read and the write is the only one read and written again. lead.profiles polls keep the rules of one at
 * a time: personal values by their sequence, nothing after a tombstone, a profile completed by its values judged.
 */
class LifecycleBatchTest {

    private final InMemoryLifecycles store = new InMemoryLifecycles();
    private final LifecycleBatch batch = new LifecycleBatch(store, StandInServices.defaultDefinitionOnly(),
            StandInServices.toInboundQueue(), Clock.systemUTC(), new LeadLocks());

    private static <E extends FunnelEvent> Map<String, List<LeadPoll.Entry<E>>> poll(String topic, Class<E> type,
                                                                                      List<E> events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (E event : events) {
            records.add(new ConsumerRecord<>(topic, 0, records.size(), event.leadId(), FunnelJson.write(event)));
        }
        return LeadPoll.read(records, r -> Optional.of(FunnelJson.read(r.value(), type)), E::leadId).byLead();
    }

    private LifecycleBatch.Applied events(LeadEvent... events) {
        return batch.applyLeadEvents(poll(Topics.LEAD_EVENTS, LeadEvent.class, List.of(events)));
    }

    private LifecycleBatch.Applied scores(LeadScored... scores) {
        return batch.applyScores(poll(Topics.LEAD_SCORES, LeadScored.class, List.of(scores)));
    }

    /** A poll of lead.profiles records, written and read back as the consumer reads them. */
    private LifecycleBatch.Applied profiles(ProfileRecord... profiles) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (ProfileRecord profile : profiles) {
            records.add(new ConsumerRecord<>(Topics.LEAD_PROFILES, 0, records.size(), profile.leadId(),
                    profile.tombstone() ? null : FunnelJson.writePersonalData(profile.personal())));
        }
        return batch.applyProfiles(LeadPoll.read(records, r -> Optional.of(new ProfileRecord(r.key(),
                FunnelJson.readProfileRecord(r.key(), r.value()).orElse(null))), ProfileRecord::leadId).byLead());
    }

    /** The lead's personal values of the lead event with {@code sequence}. */
    private static ProfileRecord values(String leadId, long sequence) {
        return new ProfileRecord(leadId, LeadPersonalData.of(leadId, sequence, Instant.now(),
                Fixtures.profile("Manufacturing"), Map.of()));
    }

    private static ProfileRecord tombstone(String leadId) {
        return new ProfileRecord(leadId, null);
    }

    private static List<String> types(LifecycleBatch.Applied applied) {
        return applied.counted().stream().map(LifecycleBatch.Counted::type).toList();
    }

    private LeadLifecycle lifecycle(String leadId) {
        return store.find(leadId).orElseThrow().lifecycle();
    }

    private List<String> publishedFor(String leadId) {
        return store.published.stream().filter(e -> e.leadId().equals(leadId)).map(LifecycleEvent::type).toList();
    }

    @Test
    void given_a_poll_with_duplicates_when_applied_then_once_with_one_read_and_one_write_and_its_redelivery_writes_nothing() {
        String lead = Fixtures.uniqueId("lead");
        LeadCaptured capture = Fixtures.captured(lead, Fixtures.profile("Manufacturing"));
        LeadEvent profile = Fixtures.updated(lead, 2, Fixtures.profile("Manufacturing"));

        LifecycleBatch.Applied applied = events(capture, capture, profile, profile);

        assertThat(applied.poison()).isEmpty();
        assertThat(applied.counted()).extracting(LifecycleBatch.Counted::outcome)
                .containsExactly(APPLIED, DUPLICATE, APPLIED, DUPLICATE);
        assertThat(store.reads).containsExactly(Set.of(lead));
        assertThat(store.writes).containsExactly(lead);
        assertThat(lifecycle(lead).stage()).isEqualTo(Stage.LEAD);

        // when the same poll comes again (a redelivery after a crash before the commit): read, nothing written
        LifecycleBatch.Applied again = events(capture, capture, profile, profile);

        assertThat(again.counted()).extracting(LifecycleBatch.Counted::outcome).containsOnly(DUPLICATE);
        assertThat(store.writes).containsExactly(lead);
    }

    @Test
    void given_a_score_polled_before_the_capture_when_the_capture_comes_in_the_next_poll_then_the_lead_is_an_mql_once() {
        String reordered = Fixtures.uniqueId("lead-reordered");
        String inOrder = Fixtures.uniqueId("lead-in-order");

        scores(Fixtures.scored(reordered, 80, "A"));
        events(Fixtures.captured(reordered, Fixtures.profile("Manufacturing")));
        events(Fixtures.captured(inOrder, Fixtures.profile("Manufacturing")));
        scores(Fixtures.scored(inOrder, 80, "A"));

        for (String lead : List.of(reordered, inOrder)) {
            assertThat(lifecycle(lead).stage()).isEqualTo(Stage.MQL);
            assertThat(lifecycle(lead).handoff().owner()).isEqualTo("queue:" + StandInServices.INBOUND);
            assertThat(publishedFor(lead)).containsExactly("LeadStageChanged", "HandoffAssigned");
        }
    }

    @Test
    void given_leads_whose_records_are_split_across_two_polls_when_both_are_applied_then_each_poll_is_one_read_and_one_write() {
        String first = Fixtures.uniqueId("lead-1");
        String second = Fixtures.uniqueId("lead-2");
        LeadScored firstScore = Fixtures.scored(first, 80, "A");

        events(Fixtures.captured(first, Fixtures.profile("Manufacturing")),
                Fixtures.captured(second, Fixtures.profile("Manufacturing")));
        assertThat(publishedFor(first)).as("captured, not yet scored").isEmpty();
        LifecycleBatch.Applied applied = scores(firstScore, Fixtures.scored(second, 80, "A"), firstScore);

        assertThat(applied.counted()).extracting(LifecycleBatch.Counted::outcome)
                .containsExactly(APPLIED, DUPLICATE, APPLIED);
        assertThat(store.reads).containsExactly(Set.of(first, second), Set.of(first, second));
        assertThat(store.writes).containsExactly(first, second, first, second);
        for (String lead : List.of(first, second)) {
            assertThat(lifecycle(lead).stage()).isEqualTo(Stage.MQL);
            assertThat(publishedFor(lead)).containsExactly("LeadStageChanged", "HandoffAssigned");
        }
    }

    @Test
    void given_another_writer_changes_one_lead_between_the_read_and_the_write_then_that_lead_alone_is_read_and_written_again() {
        String raced = Fixtures.uniqueId("lead-raced");
        String quiet = Fixtures.uniqueId("lead-quiet");
        events(Fixtures.captured(raced, Fixtures.profile("Manufacturing")),
                Fixtures.captured(quiet, Fixtures.profile("Manufacturing")));
        long racedVersion = store.version(raced);
        store.reads.clear();
        store.writes.clear();

        // given another instance writes the raced lead right after the poll's leads are read
        store.afterNextRead(() -> store.writtenElsewhere(raced));

        // when a poll brings both leads' qualifying scores
        LifecycleBatch.Applied applied = scores(Fixtures.scored(raced, 80, "A"), Fixtures.scored(quiet, 80, "A"));

        // then the raced lead alone is read and written again, and both are MQLs with one hand-off each
        assertThat(applied.poison()).isEmpty();
        assertThat(applied.counted()).extracting(LifecycleBatch.Counted::outcome).containsExactly(APPLIED, APPLIED);
        assertThat(store.reads).containsExactly(Set.of(raced, quiet), Set.of(raced));
        assertThat(store.writes).containsExactly(raced, quiet, raced);
        assertThat(store.version(raced)).isEqualTo(racedVersion + 2);
        for (String lead : List.of(raced, quiet)) {
            assertThat(lifecycle(lead).stage()).isEqualTo(Stage.MQL);
            assertThat(publishedFor(lead)).containsExactly("LeadStageChanged", "HandoffAssigned");
        }
    }

    @Test
    void given_a_poll_of_personal_values_with_older_and_repeated_sequences_then_the_newest_is_kept_with_one_read_and_one_write() {
        String lead = Fixtures.uniqueId("lead-values");

        LifecycleBatch.Applied applied = profiles(values(lead, 3), values(lead, 2), values(lead, 3));

        // the older values are stale; the same values again are taken again, as one at a time, and change nothing
        assertThat(applied.poison()).isEmpty();
        assertThat(applied.counted()).extracting(LifecycleBatch.Counted::outcome)
                .containsExactly(APPLIED, STALE, APPLIED);
        assertThat(types(applied)).containsOnly(ProfileRecord.PERSONAL_DATA);
        assertThat(store.reads).containsExactly(Set.of(lead));
        assertThat(store.writes).containsExactly(lead);
        assertThat(lifecycle(lead).state().personalData().sequence()).isEqualTo(3);

        // when an older record comes in a later poll: read, stale, nothing written
        LifecycleBatch.Applied older = profiles(values(lead, 1));

        assertThat(older.counted()).extracting(LifecycleBatch.Counted::outcome).containsExactly(STALE);
        assertThat(store.writes).containsExactly(lead);
        assertThat(lifecycle(lead).state().personalData().sequence()).isEqualTo(3);
    }

    @Test
    void given_a_tombstone_then_values_in_one_poll_then_the_values_are_dropped_and_the_later_ones_ignored() {
        String lead = Fixtures.uniqueId("lead-erased");
        String other = Fixtures.uniqueId("lead-kept");

        LifecycleBatch.Applied applied = profiles(values(lead, 1), values(other, 1), tombstone(lead), values(lead, 2));

        assertThat(applied.poison()).isEmpty();
        // counted lead by lead: the erased lead's values, tombstone and later values, then the other lead's values
        assertThat(applied.counted()).extracting(LifecycleBatch.Counted::outcome)
                .containsExactly(APPLIED, APPLIED, STALE, APPLIED);
        assertThat(types(applied)).containsExactly(ProfileRecord.PERSONAL_DATA, ProfileRecord.TOMBSTONE,
                ProfileRecord.PERSONAL_DATA, ProfileRecord.PERSONAL_DATA);
        assertThat(store.reads).containsExactly(Set.of(lead, other));
        assertThat(store.writes).containsExactly(lead, other);
        assertThat(lifecycle(lead).state().personalDataErased()).isTrue();
        assertThat(lifecycle(lead).state().personalData()).isNull();
        assertThat(lifecycle(lead).state().profile().email()).isNull();
        assertThat(lifecycle(other).state().personalData().sequence()).isEqualTo(1);
    }

    @Test
    void given_captured_and_scored_leads_awaiting_their_values_when_a_poll_brings_them_then_each_is_an_mql_handed_off() {
        String first = Fixtures.uniqueId("lead-awaiting-1");
        String second = Fixtures.uniqueId("lead-awaiting-2");
        LeadCaptured firstCapture = Fixtures.captured(first, Fixtures.profile("Manufacturing"));
        LeadCaptured secondCapture = Fixtures.captured(second, Fixtures.profile("Manufacturing"));
        events(firstCapture.withoutPersonalValues(), secondCapture.withoutPersonalValues());
        scores(Fixtures.scored(first, 80, "A"), Fixtures.scored(second, 80, "A"));
        assertThat(lifecycle(first).awaitsPersonalValues()).isTrue();
        assertThat(store.published).as("nothing decided without the personal values").isEmpty();
        store.reads.clear();
        store.writes.clear();

        LifecycleBatch.Applied applied = profiles(new ProfileRecord(first, firstCapture.personalData()),
                new ProfileRecord(second, secondCapture.personalData()));

        assertThat(applied.counted()).extracting(LifecycleBatch.Counted::outcome).containsExactly(APPLIED, APPLIED);
        assertThat(store.reads).containsExactly(Set.of(first, second));
        assertThat(store.writes).containsExactly(first, second);
        for (String lead : List.of(first, second)) {
            assertThat(lifecycle(lead).stage()).isEqualTo(Stage.MQL);
            assertThat(lifecycle(lead).handoff().owner()).isEqualTo("queue:" + StandInServices.INBOUND);
            assertThat(publishedFor(lead)).containsExactly("LeadStageChanged", "HandoffAssigned");
        }
    }

    @Test
    void given_another_writer_changes_one_lead_while_a_profile_poll_is_applied_then_that_lead_alone_is_read_and_written_again() {
        String raced = Fixtures.uniqueId("lead-raced");
        String quiet = Fixtures.uniqueId("lead-quiet");
        profiles(values(raced, 1), values(quiet, 1));
        long racedVersion = store.version(raced);
        store.reads.clear();
        store.writes.clear();
        store.afterNextRead(() -> store.writtenElsewhere(raced));

        LifecycleBatch.Applied applied = profiles(values(raced, 2), tombstone(quiet));

        assertThat(applied.poison()).isEmpty();
        assertThat(applied.counted()).extracting(LifecycleBatch.Counted::outcome).containsExactly(APPLIED, APPLIED);
        assertThat(store.reads).containsExactly(Set.of(raced, quiet), Set.of(raced));
        assertThat(store.writes).containsExactly(raced, quiet, raced);
        assertThat(store.version(raced)).isEqualTo(racedVersion + 2);
        assertThat(lifecycle(raced).state().personalData().sequence()).isEqualTo(2);
        assertThat(lifecycle(quiet).state().personalDataErased()).isTrue();
    }
}
