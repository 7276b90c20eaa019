package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.handoff.domain.Samples.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RouterTest {

    private static LeadFacts lead(String country, Integer size, String industry, LeadSource source, int total) {
        return new LeadFacts(new LeadProfile("a@b.example", null, null, "B", "b.example", "CTO", country, industry,
                size, source, null, null, LeadOrigin.MARKETING), score(total, "A"));
    }

    private static RoutingRule rule(String id, RoutingRule.Conditions when, RoutingRule.Target.Kind kind, String name,
                                    String notify) {
        return new RoutingRule(id, when, new RoutingRule.Target(kind, name), notify);
    }

    private static final RoutingTable TABLE = new RoutingTable(List.of(
            rule("enterprise", new RoutingRule.Conditions(null, null, 1000, null, null, null, null),
                    RoutingRule.Target.Kind.OWNER, "erik", "strategic-accounts"),
            rule("dach-software", new RoutingRule.Conditions(null, List.of("DACH"), null, null, List.of("software"),
                    null, null), RoutingRule.Target.Kind.QUEUE, "dach-software"),
            rule("dach", new RoutingRule.Conditions(List.of("DE", "AT", "CH"), null, null, 999, null, null, 50),
                    RoutingRule.Target.Kind.TEAM, "dach", null),
            rule("partners", new RoutingRule.Conditions(null, null, null, null, null, List.of(LeadSource.PARTNER), null),
                    RoutingRule.Target.Kind.TEAM, "partners", null)),
            "inbound", Map.of("dach", "dach-leads"));

    private static RoutingRule rule(String id, RoutingRule.Conditions when, RoutingRule.Target.Kind kind,
                                    String name) {
        return rule(id, when, kind, name, null);
    }

    private static final List<SalesRep> REPS = List.of(
            new SalesRep("erik", "enterprise", 1, true, 0),
            new SalesRep("anna", "dach", 5, true, 0),
            new SalesRep("ben", "dach", 3, true, 0),
            new SalesRep("cem", "dach", 2, true, 0),
            new SalesRep("dora", "dach", 4, false, 0),
            new SalesRep("emil", "dach", 4, true, 2));

    @Test
    void the_first_matching_rule_wins_and_may_notify_a_second_team() {
        Router router = new Router(TABLE, REPS, rep -> 0);
        RoutingDecision decision = router.route(lead("DE", 5000, "software", LeadSource.WEB, 80), new HashMap<>());
        assertThat(decision).isEqualTo(new RoutingDecision("erik", "enterprise", "enterprise", "strategic-accounts"));
    }

    @Test
    void given_the_first_matching_rule_when_it_targets_a_team_then_only_that_team_turns_its_round_robin() {
        Router router = new Router(TABLE, REPS, rep -> 0);
        assertThat(router.teamFor(lead("CH", 50, "Retail", LeadSource.WEB, 60))).contains("dach");
        assertThat(router.teamFor(lead("DE", 5000, "software", LeadSource.WEB, 80))).as("an owner rule").isEmpty();
        assertThat(router.teamFor(lead("AT", 50, "Software", LeadSource.WEB, 10))).as("a queue rule").isEmpty();
        assertThat(router.teamFor(lead("FR", 50, "Retail", LeadSource.WEB, 90))).as("no rule").isEmpty();

        Map<String, WeightedRoundRobin> onlyDach = new HashMap<>();
        router.route(lead("CH", 50, "Retail", LeadSource.WEB, 60), onlyDach);
        assertThat(onlyDach).containsOnlyKeys("dach");
    }

    @Test
    void conditions_on_region_industry_size_source_and_score_pick_the_rule() {
        Router router = new Router(TABLE, REPS, rep -> 0);
        Map<String, WeightedRoundRobin> rotations = new HashMap<>();
        assertThat(router.route(lead("AT", 50, "Software", LeadSource.WEB, 10), rotations))
                .isEqualTo(RoutingDecision.queue("dach-software", "dach-software", null));
        assertThat(router.route(lead("CH", 50, "Retail", LeadSource.WEB, 60), rotations).rule()).isEqualTo("dach");
        assertThat(router.route(lead("CH", 50, "Retail", LeadSource.WEB, 40), rotations))
                .isEqualTo(RoutingDecision.queue("inbound", Router.FALLBACK, null));
        assertThat(router.route(lead("FR", 50, "Retail", LeadSource.WEB, 90), rotations).owner())
                .isEqualTo("queue:inbound");
    }

    @Test
    void an_unavailable_named_owner_or_a_team_with_nobody_free_falls_back_to_the_fallback_queue() {
        Router full = new Router(TABLE, List.of(new SalesRep("erik", "enterprise", 1, true, 3)), rep -> 3);
        assertThat(full.route(lead("DE", 5000, null, null, 80), new HashMap<>()))
                .isEqualTo(RoutingDecision.queue("inbound", "enterprise:owner-unavailable", "strategic-accounts"));
        assertThat(full.route(lead("DE", 500, "Retail", null, 80), new HashMap<>()))
                .isEqualTo(RoutingDecision.queue("inbound", "dach:team-unavailable", null));
        assertThat(full.route(lead("US", 500, null, LeadSource.PARTNER, 80), new HashMap<>()).owner())
                .isEqualTo("queue:inbound");
    }

    @Test
    void weighted_round_robin_over_1000_hand_offs_matches_the_weights_within_2_percent_and_skips_away_and_full_reps() {
        // given anna 5, ben 3, cem 2 available; dora (4) out of office; emil (4) full at capacity 2
        Map<String, Integer> open = new HashMap<>(Map.of("emil", 2));
        Router router = new Router(TABLE, REPS, rep -> open.getOrDefault(rep, 0));
        Map<String, WeightedRoundRobin> rotations = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        // when 1,000 DACH leads are routed
        for (int i = 0; i < 1000; i++) {
            RoutingDecision d = router.route(lead("DE", 200, "Retail", LeadSource.WEB, 70), rotations);
            counts.merge(d.owner(), 1, Integer::sum);
        }
        // then the shares follow the weights 5:3:2 within 2 percentage points, and dora and emil get none
        assertThat(counts.keySet()).containsExactlyInAnyOrder("anna", "ben", "cem");
        assertThat(counts.get("anna") / 1000.0).isCloseTo(0.5, within(0.02));
        assertThat(counts.get("ben") / 1000.0).isCloseTo(0.3, within(0.02));
        assertThat(counts.get("cem") / 1000.0).isCloseTo(0.2, within(0.02));
    }

    @Test
    void a_rep_reaching_capacity_mid_run_is_skipped_until_a_slot_frees() {
        Map<String, Integer> open = new HashMap<>();
        List<SalesRep> reps = List.of(new SalesRep("anna", "dach", 1, true, 2), new SalesRep("ben", "dach", 1, true, 0));
        Router router = new Router(TABLE, reps, rep -> open.getOrDefault(rep, 0));
        Map<String, WeightedRoundRobin> rotations = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String owner = router.route(lead("DE", 200, "Retail", null, 70), rotations).owner();
            open.merge(owner, 1, Integer::sum);
        }
        assertThat(open).containsEntry("anna", 2).containsEntry("ben", 8);
    }

    @Test
    void open_hand_offs_are_counted_only_for_reps_whose_capacity_decides() {
        List<String> counted = new ArrayList<>();
        Router router = new Router(TABLE, REPS, rep -> {
            counted.add(rep);
            return 0;
        });
        Map<String, WeightedRoundRobin> rotations = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            router.route(lead("DE", 200, "Retail", null, 70), rotations);
        }
        router.route(lead("US", 5000, "Retail", null, 70), rotations);

        // emil is the only rep with a limit; dora is away, erik (the named owner) and the rest have no limit
        assertThat(counted).hasSize(20).containsOnly("emil");
    }

    @Test
    void escalation_takes_the_next_rep_of_the_team_other_than_the_current_owner() {
        Router router = new Router(TABLE, REPS, rep -> 0);
        Map<String, WeightedRoundRobin> rotations = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            assertThat(router.nextInTeam("dach", "anna", rotations)).hasValueSatisfying(
                    rep -> assertThat(rep.id()).isIn("ben", "cem", "emil"));
        }
        assertThat(router.nextInTeam("nobody", null, rotations)).isEmpty();
        assertThat(TABLE.managerQueue("dach")).isEqualTo("dach-leads");
        assertThat(TABLE.managerQueue("nordics")).isEqualTo("nordics-managers");
    }
}
