package io.leadfunnel.handoff;

import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.handoff.service.RoutingService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

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

        counter.start();
        String last = null;
        for (int i = 0; i < LEADS; i++) {
            last = handle(industry);
        }
        Map<String, Integer> commands = counter.stop();

        int total = commands.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("MongoDB commands per lead (capture + qualifying score + hand-off): %.1f %s%n",
                (double) total / LEADS, commands);
        assertThat(lifecycles.lifecycle(last).stage()).isEqualTo(Stage.MQL);
        assertThat(commands).doesNotContainKey("count lifecycles").doesNotContainKey("aggregate lifecycles");
        assertThat((double) total / LEADS).isLessThanOrEqualTo(8);
    }

    private String handle(String industry) {
        String lead = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(lead, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(lead, 80, "A"));
        return lead;
    }
}
