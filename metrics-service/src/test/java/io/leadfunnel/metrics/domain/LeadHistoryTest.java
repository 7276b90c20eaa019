package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.scenario.Events;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LeadHistoryTest {

    static final Instant T0 = Instant.parse("2026-09-07T09:00:00Z");

    static Events wonLead() {
        return Events.lead("l-1")
                .captured(T0, Events.profile(LeadSource.WEBINAR, "webinar-q3", LeadOrigin.MARKETING, 120, "software"))
                .scored(T0.plusSeconds(60), 75)
                .stage(T0.plus(Duration.ofDays(1)), Stage.MQL)
                .handoff(T0.plus(Duration.ofDays(1)), "alice", "emea", Duration.ofHours(4))
                .stage(T0.plus(Duration.ofDays(1)).plusSeconds(600), Stage.SAL)
                .stage(T0.plus(Duration.ofDays(3)), Stage.SQL)
                .won(T0.plus(Duration.ofDays(10)), "12000.00");
    }

    @Test
    void givenAWonLead_whenFolded_thenTheFactHoldsEveryStageEntryAndTheDeal() {
        LeadFact fact = LeadHistory.of("l-1", wonLead().events()).fact();

        assertThat(fact.entries()).extracting(StageEntry::stage)
                .containsExactly(Stage.MQL, Stage.SAL, Stage.SQL, Stage.WON);
        assertThat(fact.firstEntry(Stage.LEAD)).contains(T0);
        assertThat(fact.source()).isEqualTo(LeadSource.WEBINAR);
        assertThat(fact.campaign()).isEqualTo("webinar-q3");
        assertThat(fact.origin()).isEqualTo(LeadOrigin.MARKETING);
        assertThat(fact.segment()).isEqualTo(Segment.MID);
        assertThat(fact.industry()).isEqualTo("software");
        assertThat(fact.owner()).isEqualTo("alice");
        assertThat(fact.team()).isEqualTo("emea");
        assertThat(fact.definitionVersion()).isEqualTo(1);
        assertThat(fact.scoreBand()).isEqualTo(ScoreBand.HIGH);
        assertThat(fact.closure().amount()).isEqualByComparingTo(new BigDecimal("12000"));
        assertThat(fact.handoffs()).hasSize(1);
        assertThat(fact.currentStage()).isEqualTo(Stage.WON);
        assertThat(fact.reached(Stage.SQL)).isTrue();
    }

    @Test
    void givenTheSameEventsTwice_whenApplied_thenTheSecondCopiesAreIgnored() {
        LeadHistory history = new LeadHistory("l-1");
        List<FunnelEvent> events = wonLead().events();

        assertThat(events.stream().filter(history::apply).count()).isEqualTo(events.size());
        assertThat(events.stream().filter(history::apply).count()).isZero();
        assertThat(history.fact()).isEqualTo(LeadHistory.of("l-1", events).fact());
    }

    @Test
    void givenEventsInAnyOrder_whenFolded_thenTheFactIsTheSame() {
        List<FunnelEvent> events = wonLead().events();
        LeadFact expected = LeadHistory.of("l-1", events).fact();
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<FunnelEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            assertThat(LeadHistory.of("l-1", shuffled).fact()).isEqualTo(expected);
        }
    }

    @Test
    void givenARecycledLeadThatQualifiesAgain_whenFolded_thenItCountsOnceAtFirstEntryAndTheReentryIsCounted() {
        Events lead = Events.lead("l-2")
                .captured(T0, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 10, "retail"))
                .stage(T0.plus(Duration.ofDays(1)), Stage.MQL)
                .stage(T0.plus(Duration.ofDays(2)), Stage.RECYCLED, "no-budget")
                .stage(T0.plus(Duration.ofDays(20)), Stage.MQL);

        LeadFact fact = LeadHistory.of("l-2", lead.events()).fact();

        assertThat(fact.firstEntry(Stage.MQL)).contains(T0.plus(Duration.ofDays(1)));
        assertThat(fact.reentries(Stage.MQL)).isEqualTo(1);
        assertThat(fact.currentStage()).isEqualTo(Stage.MQL);
        assertThat(fact.currentStageSince()).contains(T0.plus(Duration.ofDays(20)));
    }

    @Test
    void givenALaterProfileUpdateArrivingFirst_whenFolded_thenTheNewestSequenceWins() {
        Events lead = Events.lead("l-3")
                .captured(T0, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 10, "retail"))
                .profileUpdated(T0.plusSeconds(5), Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 5000,
                        "banking"));
        List<FunnelEvent> reversed = new ArrayList<>(lead.events());
        Collections.reverse(reversed);

        LeadFact fact = LeadHistory.of("l-3", reversed).fact();

        assertThat(fact.segment()).isEqualTo(Segment.ENTERPRISE);
        assertThat(fact.industry()).isEqualTo("banking");
    }

    @Test
    void givenALeadMergedIntoAnother_whenFolded_thenItDoesNotCount() {
        Events lead = Events.lead("l-4")
                .captured(T0, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 10, "retail"))
                .merged(T0.plusSeconds(60), "l-1");

        LeadFact fact = LeadHistory.of("l-4", lead.events()).fact();

        assertThat(fact.counts()).isFalse();
        assertThat(fact.mergedInto()).isEqualTo("l-1");
    }

    @Test
    void givenACapturedLead_whenStored_thenNoPersonalDataIsKept() {
        LeadHistory history = LeadHistory.of("l-1", wonLead().events());

        String stored = history.events().toString();

        assertThat(stored).doesNotContain("Ann", "Example", "Acme", "acme.example", "CTO");
        assertThat(stored).contains("software", "webinar-q3");
    }

    @Test
    void givenLifecycleEventsBeforeTheCapture_whenFolded_thenTheLeadIsReachedAndCompletesLater() {
        List<FunnelEvent> events = wonLead().events();
        LeadHistory history = LeadHistory.of("l-1", events.subList(2, events.size()));

        assertThat(history.fact().reached(Stage.LEAD)).isTrue();
        assertThat(history.fact().source()).isNull();

        events.subList(0, 2).forEach(history::apply);

        assertThat(history.fact()).isEqualTo(LeadHistory.of("l-1", events).fact());
    }
}
