package io.leadfunnel.handoff;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.messaging.FunnelConsumer;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.testing.MongoCommandCounter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a lead costs the database on the consumer path: its capture and its qualifying score, consumed a poll at a time
 * as the connector hands them over (a poll of the leads' captures, then one of their scores), routed to a team whose
 * reps have a capacity, counted by the driver's command listener on the applying thread.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class MongoCommandsPerLeadTest {

    private static final int LEADS = 20;
    /** The test profile's {@code funnel.handoff.cache.refresh-interval}. */
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** What is kept in memory and read again once per refresh interval, not per lead. */
    private static final List<String> CACHED = List.of("find pointers", "find routing", "find reps");

    @Inject
    FunnelConsumer consumer;

    @Inject
    LifecycleService lifecycles;

    @Inject
    RoutingService routing;

    @Inject
    MongoCommandCounter counter;

    @Test
    void a_poll_of_leads_from_capture_to_their_handoffs_costs_a_handful_of_commands() {
        String industry = Fixtures.uniqueId("industry");
        String team = Fixtures.uniqueId("team");
        Fixtures.routeFirst(routing, Fixtures.teamRule(Fixtures.uniqueId("rule"), industry, team),
                new SalesRep(Fixtures.uniqueId("rep"), team, 1, true, 1000),
                new SalesRep(Fixtures.uniqueId("rep"), team, 2, true, 1000));
        handle(industry, 1); // the first lead after a change may load what is cached

        long started = System.nanoTime();
        List<String> leads = new ArrayList<>();
        Map<String, Integer> commands = counter.countsOf(() -> leads.addAll(handle(industry, LEADS)));
        long refreshes = Duration.ofNanos(System.nanoTime() - started).toSeconds() / REFRESH_INTERVAL.toSeconds() + 1;

        int total = commands.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("MongoDB commands per lead (capture + qualifying score + hand-off, polls of %d leads): "
                + "%.2f %s%n", LEADS, (double) total / LEADS, commands);
        assertThat(leads).allSatisfy(lead -> assertThat(lifecycles.lifecycle(lead).stage()).isEqualTo(Stage.MQL));
        assertThat(commands).doesNotContainKey("aggregate lifecycles").doesNotContainKey("count lifecycles");
        for (String cached : CACHED) {
            assertThat(commands.getOrDefault(cached, 0)).as(cached + ": read again once per refresh interval at most")
                    .isLessThanOrEqualTo((int) refreshes);
        }
        // per poll: one read and one bulk write of the lifecycles; the score poll also reads the reps' open hand-offs
        // once and moves them in one write; each hand-off takes one turn of the team's round-robin credit
        assertThat(commands).containsEntry("find lifecycles", 2).containsEntry("update lifecycles", 2)
                .containsEntry("find openHandoffs", 1).containsEntry("update openHandoffs", 1)
                .containsEntry("update rotations", LEADS);
        int perPoll = total - CACHED.stream().mapToInt(c -> commands.getOrDefault(c, 0)).sum();
        assertThat(perPoll).as("commands that come with the two polls").isEqualTo(2 + 2 + 1 + 1 + LEADS);
    }

    /** Consumes a poll of {@code count} new leads' captures, then one of their qualifying scores. */
    private List<String> handle(String industry, int count) {
        List<String> leads = new ArrayList<>();
        List<FunnelEvent> captures = new ArrayList<>();
        List<FunnelEvent> scores = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String lead = Fixtures.uniqueId("lead");
            leads.add(lead);
            captures.add(Fixtures.captured(lead, Fixtures.profile(industry)));
            scores.add(Fixtures.scored(lead, 80, "A"));
        }
        consumer.onLeadEvents(Fixtures.poll(Topics.LEAD_EVENTS, captures.toArray(FunnelEvent[]::new)));
        consumer.onScores(Fixtures.poll(Topics.LEAD_SCORES, scores.toArray(FunnelEvent[]::new)));
        return leads;
    }
}
