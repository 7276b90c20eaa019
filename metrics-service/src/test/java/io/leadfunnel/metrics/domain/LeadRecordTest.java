package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.scenario.Events;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lead's record gives the fact of its distinct events folded in business order ({@link BusinessOrderFold}), whatever
 * order and however many times they came, after every event; a repeated event and an older score change nothing.
 */
class LeadRecordTest {

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
        LeadFact fact = LeadRecord.of("l-1", wonLead().events()).fact();

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
    void givenTheSameEventsTwice_whenApplied_thenTheSecondCopiesAreDuplicatesAndChangeNothing() {
        LeadRecord record = new LeadRecord("l-1");
        List<FunnelEvent> events = wonLead().events();

        assertThat(events).map(record::apply).containsOnly(LeadRecord.Outcome.APPLIED);
        LeadRecord once = record.copy();
        assertThat(events).map(record::apply).containsOnly(LeadRecord.Outcome.DUPLICATE);
        assertThat(record).isEqualTo(once);
        assertThat(record.fact()).isEqualTo(BusinessOrderFold.fact("l-1", events));
    }

    @Test
    void givenAnOlderScoreArrivingAfterANewerOne_whenApplied_thenItIsSupersededAndOnlyTheLatestIsKept() {
        List<FunnelEvent> events = Events.lead("l-5")
                .captured(T0, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 10, "retail"))
                .scored(T0.plusSeconds(60), 35)
                .scored(T0.plusSeconds(120), 55)
                .scored(T0.plusSeconds(180), 85).events();
        LeadRecord record = new LeadRecord("l-5");
        record.apply(events.get(0));

        assertThat(record.apply(events.get(3))).isEqualTo(LeadRecord.Outcome.APPLIED);
        assertThat(record.apply(events.get(1))).isEqualTo(LeadRecord.Outcome.SUPERSEDED);
        assertThat(record.apply(events.get(2))).isEqualTo(LeadRecord.Outcome.SUPERSEDED);
        assertThat(record.apply(events.get(3))).isEqualTo(LeadRecord.Outcome.DUPLICATE);
        assertThat(record.fact().scoreTotal()).isEqualTo(85);
        assertThat(record.fact().scoreBand()).isEqualTo(ScoreBand.HIGH);
        assertThat(record.score().eventId()).isEqualTo(events.get(3).eventId().toString());
    }

    @Test
    void givenGeneratedLeadsWithTiesAndChangingOwners_whenTheirEventsComeShuffledAndRepeated_thenEveryFactMatches() {
        Random random = new Random(7);
        for (int n = 0; n < 300; n++) {
            List<FunnelEvent> events = generatedLead("gen-" + n, random);
            List<FunnelEvent> arriving = new ArrayList<>(events);
            arriving.addAll(events.subList(0, random.nextInt(events.size())));
            Collections.shuffle(arriving, random);
            LeadRecord record = new LeadRecord("gen-" + n);
            List<FunnelEvent> so = new ArrayList<>();
            for (FunnelEvent event : arriving) {
                record.apply(event);
                so.add(event);
                assertThat(record.fact()).as("lead %d after %s", n, event.type())
                        .isEqualTo(BusinessOrderFold.fact("gen-" + n, so));
            }
        }
    }

    /**
     * A lead's events at times drawn from a few instants (so that many share one, and the event id decides their
     * order), with owners, teams and definition versions that change or are missing, profile updates, scores, a LEAD
     * entry without a previous stage, closures and erasures.
     */
    static List<FunnelEvent> generatedLead(String leadId, Random random) {
        return generatedLead(leadId, random, T0, Duration.ofHours(1), 6);
    }

    /** As above, at times {@code base + step * k} for {@code k} drawn below {@code steps}. */
    static List<FunnelEvent> generatedLead(String leadId, Random random, Instant base, Duration step, int steps) {
        List<FunnelEvent> events = new ArrayList<>();
        String[] owners = {null, "alice", "bob", "carol"};
        String[] teams = {null, "emea", "na"};
        Integer[] versions = {null, 1, 2};
        Stage[] stages = {Stage.LEAD, Stage.MQL, Stage.SAL, Stage.SQL, Stage.RECYCLED, Stage.DISQUALIFIED};
        int count = 1 + random.nextInt(14);
        for (int i = 0; i < count; i++) {
            UUID id = UUID.nameUUIDFromBytes((leadId + "#" + i).getBytes(StandardCharsets.UTF_8));
            Instant at = base.plus(step.multipliedBy(random.nextInt(steps)));
            String owner = owners[random.nextInt(owners.length)];
            String team = teams[random.nextInt(teams.length)];
            Integer version = versions[random.nextInt(versions.length)];
            LeadProfile profile = Events.profile(LeadSource.values()[random.nextInt(LeadSource.values().length)],
                    "c" + random.nextInt(3), LeadOrigin.MARKETING, random.nextInt(2000), "i" + random.nextInt(3));
            events.add(switch (random.nextInt(10)) {
                case 0 -> new LeadCaptured(id, leadId, at, 1, "lead-service", random.nextInt(3), profile, null, "api");
                case 1 -> new LeadProfileUpdated(id, leadId, at, 1, "lead-service", random.nextInt(3), profile,
                        List.of(), List.of());
                case 2 -> new LeadScored(id, leadId, at, 1, "scoring-service", 0, 0, random.nextInt(100), "B", null,
                        null, null, null, 1, List.of(), "event");
                case 3 -> new HandoffAssigned(id, leadId, at, 1, "handoff-service", "h-" + i, owner, team, "default",
                        at.plus(Duration.ofHours(4)), version);
                case 4 -> new LeadClosed(id, leadId, at, 1, "handoff-service", random.nextBoolean() ? Stage.WON
                        : Stage.LOST, new BigDecimal(random.nextInt(9000) + ".50"), "EUR", "r", owner, team);
                case 5 -> new LeadErased(id, leadId, at, 1, "lead-service", i, random.nextBoolean()
                        ? LeadErased.Reason.MERGED : LeadErased.Reason.REQUEST, random.nextBoolean() ? "x" : null);
                case 6 -> new HandoffSlaBreached(id, leadId, at, 1, "handoff-service", "h-" + i,
                        HandoffSlaBreached.Sla.ACCEPT, owner, team, at.minusSeconds(60), null);
                case 7 -> new LeadStageChanged(id, leadId, at, 1, "handoff-service", null, Stage.LEAD, version,
                        List.of(), Actor.system("lead-service"), null, null, owner, team);
                default -> new LeadStageChanged(id, leadId, at, 1, "handoff-service",
                        stages[random.nextInt(stages.length)], stages[random.nextInt(stages.length)], version,
                        List.of(), random.nextBoolean() ? Actor.user("rep") : Actor.system("mql-evaluator"),
                        "r" + random.nextInt(3), null, owner, team);
            });
        }
        return events;
    }

    @Test
    void givenTheGoldenEventsTwiceInShuffledOrder_whenAppliedOneByOne_thenEveryFactMatchesTheBusinessOrderFold() {
        Random random = new Random(13);
        for (int round = 0; round < 20; round++) {
            List<FunnelEvent> events = new ArrayList<>(GoldenScenario.events());
            events.addAll(GoldenScenario.events());
            Collections.shuffle(events, random);
            Map<String, LeadRecord> records = new HashMap<>();
            Map<String, List<FunnelEvent>> seen = new HashMap<>();
            for (FunnelEvent event : events) {
                LeadRecord record = records.computeIfAbsent(event.leadId(), LeadRecord::new);
                List<FunnelEvent> so = seen.computeIfAbsent(event.leadId(), id -> new ArrayList<>());
                LeadRecord before = record.copy();
                LeadRecord.Outcome outcome = record.apply(event);
                so.add(event);

                assertThat(record.fact()).as("round %d, lead %s after %s", round, event.leadId(), event.type())
                        .isEqualTo(BusinessOrderFold.fact(event.leadId(), so));
                assertThat(outcome == LeadRecord.Outcome.APPLIED).as("changed by %s", event.type())
                        .isEqualTo(!record.equals(before));
            }
        }
    }

    @Test
    void givenEventsInAnyOrder_whenFolded_thenTheFactIsTheSame() {
        List<FunnelEvent> events = wonLead().events();
        LeadFact expected = BusinessOrderFold.fact("l-1", events);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<FunnelEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            assertThat(LeadRecord.of("l-1", shuffled).fact()).isEqualTo(expected);
            assertThat(LeadRecord.of("l-1", shuffled)).isEqualTo(LeadRecord.of("l-1", events));
        }
    }

    @Test
    void givenARecycledLeadThatQualifiesAgain_whenFolded_thenItCountsOnceAtFirstEntryAndTheReentryIsCounted() {
        Events lead = Events.lead("l-2")
                .captured(T0, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 10, "retail"))
                .stage(T0.plus(Duration.ofDays(1)), Stage.MQL)
                .stage(T0.plus(Duration.ofDays(2)), Stage.RECYCLED, "no-budget")
                .stage(T0.plus(Duration.ofDays(20)), Stage.MQL);

        LeadFact fact = LeadRecord.of("l-2", lead.events()).fact();

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

        LeadFact fact = LeadRecord.of("l-3", reversed).fact();

        assertThat(fact.segment()).isEqualTo(Segment.ENTERPRISE);
        assertThat(fact.industry()).isEqualTo("banking");
    }

    @Test
    void givenALeadMergedIntoAnother_whenFolded_thenItDoesNotCount() {
        Events lead = Events.lead("l-4")
                .captured(T0, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 10, "retail"))
                .merged(T0.plusSeconds(60), "l-1");

        LeadFact fact = LeadRecord.of("l-4", lead.events()).fact();

        assertThat(fact.counts()).isFalse();
        assertThat(fact.mergedInto()).isEqualTo("l-1");
    }

    @Test
    void givenACapturedLead_whenStored_thenNoPersonalDataIsKept() {
        LeadRecord record = LeadRecord.of("l-1", wonLead().events());

        String stored = record.profile().toString();

        assertThat(stored).doesNotContain("Ann", "Example", "Acme", "acme.example", "CTO");
        assertThat(stored).contains("software", "webinar-q3");
    }

    @Test
    void givenLifecycleEventsBeforeTheCapture_whenFolded_thenTheLeadIsReachedAndCompletesLater() {
        List<FunnelEvent> events = wonLead().events();
        LeadRecord record = LeadRecord.of("l-1", events.subList(2, events.size()));

        assertThat(record.fact().reached(Stage.LEAD)).isTrue();
        assertThat(record.fact().source()).isNull();

        events.subList(0, 2).forEach(record::apply);

        assertThat(record.fact()).isEqualTo(BusinessOrderFold.fact("l-1", events));
    }
}
