package io.leadfunnel.handoff.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.HandoffOwnership;
import io.leadfunnel.handoff.domain.RejectReason;
import io.leadfunnel.handoff.domain.RoutingRule;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.repository.Collections;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.repository.OpenHandoffCounts;
import io.leadfunnel.testing.MongoCommandCounter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capacity routing reads each rep's count of open hand-offs, kept by the writes that open, move and end hand-offs,
 * instead of counting lifecycles; the counts agree with the lifecycles through opening, rejection, reassignment and
 * closing, and the recount corrects a count gone wrong.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class OpenHandoffCountTest {

    @Inject
    LifecycleService lifecycles;

    @Inject
    RoutingService routing;

    @Inject
    OpenHandoffCounts counts;

    @Inject
    LifecycleRepository repository;

    @Inject
    OpenHandoffRecount recount;

    @Inject
    Collections collections;

    @Inject
    MongoCommandCounter commands;

    @Test
    void given_a_rep_with_a_capacity_when_hand_offs_open_move_and_end_then_the_counts_follow_without_counting() {
        String industry = Fixtures.uniqueId("industry");
        String team = Fixtures.uniqueId("team");
        String anna = Fixtures.uniqueId("anna");
        String ben = Fixtures.uniqueId("ben");
        Fixtures.routeFirst(routing, new RoutingRule(Fixtures.uniqueId("rule"), new RoutingRule.Conditions(null, null,
                        null, null, List.of(industry), null, null),
                        new RoutingRule.Target(RoutingRule.Target.Kind.OWNER, anna), null),
                new SalesRep(anna, team, 1, true, 2), new SalesRep(ben, team, 1, true, 5));
        HandoffOwnership.Actor ops = lifecycles.actor("olga", true);

        List<String> leads = new ArrayList<>();
        Map<String, Integer> sent = commands.countsOf(() -> {
            for (int i = 0; i < 3; i++) {
                leads.add(handOff(industry));
            }
        });
        String first = leads.get(0);
        String second = leads.get(1);
        String third = leads.get(2);

        assertThat(sent).doesNotContainKey("aggregate lifecycles").doesNotContainKey("count lifecycles");
        assertThat(owner(first)).isEqualTo(anna);
        assertThat(owner(second)).isEqualTo(anna);
        assertThat(owner(third)).as("anna is full").isEqualTo("queue:inbound");
        assertCounts(anna, 2, ben, 0);

        lifecycles.reject(first, ops, RejectReason.NOT_A_FIT, null);
        assertCounts(anna, 1, ben, 0);
        String fourth = handOff(industry);
        assertThat(owner(fourth)).isEqualTo(anna);
        assertCounts(anna, 2, ben, 0);

        lifecycles.reassign(second, ops, ben);
        assertCounts(anna, 1, ben, 1);
        lifecycles.reassign(third, ops, ben); // from a queue: only ben's count moves
        assertCounts(anna, 1, ben, 2);

        lifecycles.accept(fourth, ops);
        lifecycles.closeLost(fourth, ops, "no project");
        assertCounts(anna, 0, ben, 2);
        lifecycles.accept(second, ops);
        assertCounts(anna, 0, ben, 2);
    }

    @Test
    void given_a_count_gone_wrong_when_the_recount_runs_then_it_matches_the_lifecycles_again() {
        String industry = Fixtures.uniqueId("industry");
        String dora = Fixtures.uniqueId("dora");
        Fixtures.routeFirst(routing, new RoutingRule(Fixtures.uniqueId("rule"), new RoutingRule.Conditions(null, null,
                        null, null, List.of(industry), null, null),
                        new RoutingRule.Target(RoutingRule.Target.Kind.OWNER, dora), null),
                new SalesRep(dora, Fixtures.uniqueId("team"), 1, true, 3));
        handOff(industry);
        collections.get(Collections.OPEN_HANDOFFS).updateOne(Filters.eq("_id", dora), Updates.set("open", 3));
        assertThat(owner(handOff(industry))).as("a count too high keeps dora from leads").isEqualTo("queue:inbound");

        assertThat(recount.recount()).isGreaterThanOrEqualTo(1);

        assertThat(counts.of(List.of(dora))).containsEntry(dora, 1);
        assertThat(owner(handOff(industry))).isEqualTo(dora);
        assertThat(counts.of(List.of(dora))).containsEntry(dora, 2);
    }

    private void assertCounts(String a, int openA, String b, int openB) {
        assertThat(counts.of(List.of(a, b))).as("kept counts").containsEntry(a, openA)
                .containsEntry(b, openB);
        Map<String, Integer> counted = repository.countOpenHandoffs();
        assertThat(counted.getOrDefault(a, 0)).as("lifecycles of " + a).isEqualTo(openA);
        assertThat(counted.getOrDefault(b, 0)).as("lifecycles of " + b).isEqualTo(openB);
    }

    private String handOff(String industry) {
        String lead = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(lead, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(lead, 80, "A"));
        return lead;
    }

    private String owner(String lead) {
        return lifecycles.lifecycle(lead).handoff().owner();
    }
}
