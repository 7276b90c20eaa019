package io.leadfunnel.handoff;

import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.domain.SalesRep;
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
 * What one lead costs the database on the consumer path: its capture and its qualifying score, routed to a team whose
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
    LifecycleService lifecycles;

    @Inject
    RoutingService routing;

    @Inject
    MongoCommandCounter counter;

    @Test
    void a_lead_from_capture_to_its_handoff_costs_a_handful_of_commands() {
        String industry = Fixtures.uniqueId("industry");
        String team = Fixtures.uniqueId("team");
        Fixtures.routeFirst(routing, Fixtures.teamRule(Fixtures.uniqueId("rule"), industry, team),
                new SalesRep(Fixtures.uniqueId("rep"), team, 1, true, 1000),
                new SalesRep(Fixtures.uniqueId("rep"), team, 2, true, 1000));
        handle(industry); // the first lead after a change may load what is cached

        long started = System.nanoTime();
        List<String> leads = new ArrayList<>();
        Map<String, Integer> commands = counter.countsOf(() -> {
            for (int i = 0; i < LEADS; i++) {
                leads.add(handle(industry));
            }
        });
        long refreshes = Duration.ofNanos(System.nanoTime() - started).toSeconds() / REFRESH_INTERVAL.toSeconds() + 1;

        int total = commands.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("MongoDB commands per lead (capture + qualifying score + hand-off): %.1f %s%n",
                (double) total / LEADS, commands);
        assertThat(lifecycles.lifecycle(leads.get(LEADS - 1)).stage()).isEqualTo(Stage.MQL);
        assertThat(commands).doesNotContainKey("aggregate lifecycles").doesNotContainKey("count lifecycles");
        for (String cached : CACHED) {
            assertThat(commands.getOrDefault(cached, 0)).as(cached + ": read again once per refresh interval at most")
                    .isLessThanOrEqualTo((int) refreshes);
        }
        int perLead = total - CACHED.stream().mapToInt(c -> commands.getOrDefault(c, 0)).sum();
        assertThat(perLead).as("commands that come with each lead").isEqualTo(7 * LEADS);
    }

    private String handle(String industry) {
        String lead = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(lead, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(lead, 80, "A"));
        return lead;
    }
}
