package io.leadfunnel.demo;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SalesTeamTest {

    private final FeedLog log = new FeedLog();
    private final FakeHandoffApi desk = new FakeHandoffApi();

    private SalesTeam team(long seed) {
        return new SalesTeam(desk, new Random(seed), log.report);
    }

    /** Twelve MQLs, four SALs, four SQLs, and x1 listed both as MQL and SAL; owners in and outside the team. */
    private void aDayOfHandoffs() {
        String[] owners = {"", "alice", "zed", "bob"};
        for (int i = 1; i <= 12; i++) {
            desk.with("MQL", "m" + i, owners[i % 4]);
        }
        desk.with("MQL", "x1", "carla").with("SAL", "x1", "carla");
        for (int i = 1; i <= 4; i++) {
            desk.with("SAL", "s" + i, owners[i % 4]);
        }
        for (int i = 1; i <= 4; i++) {
            desk.with("SQL", "q" + i, owners[(i + 1) % 4]);
        }
    }

    private void roundsUntilQuiet(SalesTeam team) throws Exception {
        for (int i = 0; i < 10; i++) {
            int before = desk.actions.size();
            team.round();
            if (desk.actions.size() == before) {
                return;
            }
        }
    }

    @Test
    void given_a_days_handoffs_the_seeded_team_decides_as_the_demo_always_has() throws Exception {
        aDayOfHandoffs();

        roundsUntilQuiet(team(12)); // the team of --seed 11

        assertThat(log.lines()).containsExactly(
                "sales     alice  accept   lead m1 -> SAL",
                "sales     bob    accept   lead m2 -> SAL",
                "sales     bob    accept   lead m3 -> 409 {\"title\":\"Conflict\"}",
                "sales     carla  accept   lead m4 -> SAL",
                "sales     alice  accept   lead m5 -> SAL",
                "sales     bob    accept   lead m6 -> SAL",
                "sales     bob    reject   lead m7 -> RECYCLED (NO_BUDGET)",
                "sales     deniz  reject   lead m8 -> RECYCLED (TOO_EARLY)",
                "sales     alice  accept   lead m9 -> SAL",
                "sales     deniz  accept   lead m10 -> SAL",
                "sales     bob    accept   lead m11 -> SAL",
                "sales     bob    accept   lead m12 -> SAL",
                "sales     carla  accept   lead x1 -> SAL",
                "sales     alice  qualify  lead s1 -> SQL",
                "sales     deniz  qualify  lead s2 -> SQL",
                "sales     bob    qualify  lead s3 -> 409 {\"title\":\"Conflict\"}",
                "sales     bob    qualify  lead s4 -> SQL",
                "sales     carla  qualify  lead x1 -> SQL",
                "sales     alice  close    lead m1 -> LOST before SQL",
                "sales     bob    qualify  lead m2 -> SQL",
                "sales     bob    qualify  lead m4 -> SQL",
                "sales     alice  qualify  lead m5 -> SQL",
                "sales     alice  qualify  lead m6 -> SQL",
                "sales     alice  qualify  lead m9 -> SQL",
                "sales     bob    qualify  lead m10 -> SQL",
                "sales     bob    qualify  lead m11 -> SQL",
                "sales     alice  qualify  lead m12 -> SQL",
                "sales     bob    close    lead q1 -> WON 54000 EUR",
                "sales     bob    close    lead q2 -> LOST",
                "sales     deniz  close    lead q3 -> 409 {\"title\":\"Conflict\"}",
                "sales     alice  close    lead q4 -> LOST",
                "sales     alice  close    lead s1 -> LOST",
                "sales     carla  close    lead s2 -> LOST",
                "sales     alice  close    lead s4 -> WON 85000 EUR",
                "sales     carla  close    lead x1 -> LOST",
                "sales     carla  close    lead m2 -> WON 86000 EUR",
                "sales     bob    close    lead m4 -> WON 27000 EUR",
                "sales     alice  close    lead m5 -> WON 66000 EUR",
                "sales     carla  close    lead m6 -> WON 50000 EUR",
                "sales     alice  close    lead m9 -> WON 62000 EUR",
                "sales     bob    close    lead m10 -> LOST",
                "sales     bob    close    lead m11 -> WON 79000 EUR",
                "sales     deniz  close    lead m12 -> LOST");
        assertThat(desk.bodies.get(6)).hasToString("{\"reason\":\"NO_BUDGET\",\"note\":\"demo: no budget\"}");
        assertThat(desk.bodies.get(13)).hasToString("{\"checklist\":{\"BUYING_CENTER\":\"CFO signs, Head of IT and VP "
                + "Sales evaluate\",\"BUYING_CYCLE_POSITION\":\"comparing two vendors\",\"BUDGET\":\"35k approved for "
                + "next quarter\",\"TIMELINE\":\"decision within 2 weeks\",\"OBSTACLES\":\"data migration from the old "
                + "CRM\",\"MAIN_COMPETITOR\":\"none named\"}}");
        assertThat(desk.bodies.get(27)).hasToString("{\"outcome\":\"WON\",\"amount\":54000,\"currency\":\"EUR\"}");
        assertThat(desk.bodies.get(28)).hasToString("{\"outcome\":\"LOST\",\"reason\":\"no budget this year\"}");
        assertThat(log.report.get("accepted")).isEqualTo(10);
        assertThat(log.report.get("rejected")).isEqualTo(2);
        assertThat(log.report.get("qualified")).isEqualTo(12);
        assertThat(log.report.get("won")).isEqualTo(8);
        assertThat(log.report.get("wonAmount")).isEqualTo(509_000);
        assertThat(log.report.get("lost")).isEqualTo(8);
        assertThat(log.report.get("refused")).isEqualTo(3);
    }

    @Test
    void a_lead_takes_one_step_per_round_and_is_decided_once_per_stage() throws Exception {
        desk.with("MQL", "x1", "carla").with("SAL", "x1", "carla");
        SalesTeam team = team(1);

        team.round();
        assertThat(desk.actions).hasSize(1).allMatch(a -> a.contains(" x1") && !a.contains("qualify"));

        roundsUntilQuiet(team);
        assertThat(desk.actions).filteredOn(a -> a.startsWith("carla accept") || a.startsWith("carla reject"))
                .hasSize(1);
        assertThat(desk.actions.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void a_refused_action_is_not_tried_again() throws Exception {
        desk.with("MQL", "m3", "alice");
        SalesTeam team = team(1);

        roundsUntilQuiet(team);
        team.round();

        assertThat(desk.actions).hasSize(1);
        assertThat(desk.stages.get("MQL")).hasSize(1);
        assertThat(log.report.get("refused")).isEqualTo(1);
    }

    @Test
    void a_round_looks_at_no_more_than_twenty_handoffs() throws Exception {
        for (int i = 0; i < 30; i++) {
            desk.with("MQL", "m" + (10 * i + 1), "alice");
        }

        team(1).round();

        assertThat(desk.actions).hasSize(SalesTeam.ACTIONS_PER_ROUND);
        assertThat(desk.lists).isEqualTo(1);
    }

    @Test
    void the_owner_acts_when_in_the_team_else_any_rep_of_the_team() throws Exception {
        desk.with("MQL", "a1", "deniz").with("MQL", "a2", "deniz").with("MQL", "b1", "").with("MQL", "b2", "zed");

        team(5).round();

        assertThat(desk.actions.get(0)).startsWith("deniz ");
        assertThat(desk.actions.get(1)).startsWith("deniz ");
        assertThat(desk.actions).extracting(a -> a.substring(0, a.indexOf(' '))).allMatch(SalesTeam.REPS::contains);
    }

    @Test
    void the_same_seed_gives_the_same_decisions_and_another_seed_others() throws Exception {
        assertThat(decisions(99)).isEqualTo(decisions(99)).isNotEqualTo(decisions(100));
    }

    private static List<String> decisions(long seed) throws Exception {
        SalesTeamTest test = new SalesTeamTest();
        test.aDayOfHandoffs();
        test.roundsUntilQuiet(test.team(seed));
        return test.desk.actions;
    }

    @Test
    void the_reps_join_the_team_named_after_the_fallback_queue() throws Exception {
        team(1).joinTheInboundQueue();

        assertThat(desk.teams).containsExactly(Map.entry("alice", "inbound-eu"), Map.entry("bob", "inbound-eu"),
                Map.entry("carla", "inbound-eu"), Map.entry("deniz", "inbound-eu"));
        assertThat(log.lines()).containsExactly("sales team: alice, bob, carla, deniz work the inbound-eu queue");
    }
}
