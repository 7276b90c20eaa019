package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fold kept with a lead, advanced one event at a time (and folded again from every event only when the event
 * lands earlier in business order), gives the same fact as folding the whole history, after every event.
 */
class LeadFoldTest {

    /** Applies the events as the store does; returns how many were appended to the kept fold. */
    static int applyAsTheStoreDoes(List<FunnelEvent> events) {
        Map<String, LeadHistory> histories = new HashMap<>();
        Map<String, LeadFold> folds = new HashMap<>();
        int appended = 0;
        for (FunnelEvent event : events) {
            LeadHistory history = histories.computeIfAbsent(event.leadId(), LeadHistory::new);
            if (!history.apply(event)) {
                continue;
            }
            LeadFold fold = folds.getOrDefault(event.leadId(), LeadFold.empty(event.leadId()));
            FunnelEvent kept = LeadHistory.withoutPersonalData(event);
            if (fold.canAppend(kept)) {
                fold = fold.append(kept);
                appended++;
            } else {
                fold = history.fold();
            }
            folds.put(event.leadId(), fold);

            assertThat(fold.fact()).as("lead %s after %s", event.leadId(), event.type()).isEqualTo(history.fact());
            assertThat(LeadFold.resume(fold.state()).fact()).isEqualTo(fold.fact());
        }
        return appended;
    }

    @Test
    void givenTheGoldenEventsInBusinessOrder_whenAppliedOneByOne_thenEveryEventIsAppendedAndTheFactsMatch() {
        List<FunnelEvent> events = new ArrayList<>(GoldenScenario.events());
        events.sort(Comparator.comparing(FunnelEvent::occurredAt).thenComparing(e -> e.eventId().toString()));

        assertThat(applyAsTheStoreDoes(events)).isEqualTo(events.size());
    }

    @Test
    void givenEveryEventTwiceInShuffledOrder_whenAppliedOneByOne_thenTheFactsMatchTheFullFoldAfterEveryEvent() {
        Random random = new Random(13);
        for (int round = 0; round < 20; round++) {
            List<FunnelEvent> events = new ArrayList<>(GoldenScenario.events());
            events.addAll(GoldenScenario.events());
            Collections.shuffle(events, random);

            assertThat(applyAsTheStoreDoes(events)).isPositive();
        }
    }

    @Test
    void givenAnEventBeforeTheLatestFoldedOne_whenAskedToAppend_thenItIsRefused() {
        List<FunnelEvent> events = new ArrayList<>(GoldenScenario.events().stream()
                .filter(e -> e.leadId().equals("g01")).toList());
        events.sort(Comparator.comparing(FunnelEvent::occurredAt));
        LeadFold fold = LeadHistory.of("g01", events.subList(1, events.size())).fold();

        assertThat(fold.canAppend(events.get(0))).isFalse();
        assertThat(fold.canAppend(events.get(events.size() - 1))).isFalse(); // already the latest: not after it
        assertThat(LeadFold.empty("g01").canAppend(events.get(0))).isTrue();
        assertThat(fold.state().lastAt()).isEqualTo(events.get(events.size() - 1).occurredAt());
        assertThat(fold.state().lastAt()).isAfter(Instant.parse("2026-09-07T00:00:00Z"));
    }
}
