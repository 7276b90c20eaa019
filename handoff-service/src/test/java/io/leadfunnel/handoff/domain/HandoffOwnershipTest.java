package io.leadfunnel.handoff.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HandoffOwnershipTest {

    private static final RoutingTable TABLE = new RoutingTable(List.of(), "inbound", Map.of("dach", "dach-leads"));
    private static final SalesRep ANNA = new SalesRep("anna", "dach", 1, true, 0);
    private static final SalesRep ERIK = new SalesRep("erik", "enterprise", 1, true, 0);

    private static Handoff ownedBy(String owner, String team) {
        return new Handoff("h-1", owner, team, "rule", null, 1, Instant.EPOCH, null, null, null, null, 0, null, null);
    }

    private static HandoffOwnership.Actor rep(SalesRep rep) {
        return new HandoffOwnership.Actor(rep.id(), false, Optional.of(rep));
    }

    @Test
    void given_a_hand_off_owned_by_the_rep_when_the_rep_acts_then_it_is_allowed() {
        assertThat(HandoffOwnership.decide(rep(ANNA), ownedBy("anna", "dach"), TABLE).allowed()).isTrue();
    }

    @Test
    void given_an_owner_not_in_the_rep_list_when_that_owner_acts_then_it_is_allowed() {
        HandoffOwnership.Actor unknown = new HandoffOwnership.Actor("zoe", false, Optional.empty());
        assertThat(HandoffOwnership.decide(unknown, ownedBy("zoe", "x"), TABLE).allowed()).isTrue();
    }

    @Test
    void given_a_hand_off_in_the_reps_team_queue_or_manager_queue_when_the_rep_acts_then_it_is_allowed() {
        assertThat(HandoffOwnership.decide(rep(ANNA), ownedBy("queue:dach", "dach"), TABLE).allowed()).isTrue();
        assertThat(HandoffOwnership.decide(rep(ANNA), ownedBy("queue:dach-leads", "dach-leads"), TABLE).allowed())
                .isTrue();
        assertThat(HandoffOwnership.decide(rep(ERIK), ownedBy("queue:enterprise-managers", "enterprise-managers"),
                TABLE).allowed()).isTrue();
    }

    @Test
    void given_another_reps_hand_off_even_in_the_same_team_when_a_rep_acts_then_it_is_refused_with_the_reason() {
        SalesRep ben = new SalesRep("ben", "dach", 1, true, 0);
        HandoffOwnership.Decision decision = HandoffOwnership.decide(rep(ben), ownedBy("anna", "dach"), TABLE);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("assigned to another rep");
    }

    @Test
    void given_another_teams_queue_when_a_rep_acts_then_it_is_refused_naming_the_queue() {
        HandoffOwnership.Decision decision = HandoffOwnership.decide(rep(ERIK), ownedBy("queue:dach", "dach"), TABLE);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("queue dach").contains("team enterprise");
        assertThat(HandoffOwnership.decide(rep(ANNA), ownedBy("queue:inbound", "inbound"), TABLE).allowed()).isFalse();
    }

    @Test
    void given_a_caller_who_is_no_known_rep_when_it_acts_on_a_queue_then_it_is_refused() {
        HandoffOwnership.Actor stranger = new HandoffOwnership.Actor("sam", false, Optional.empty());
        HandoffOwnership.Decision decision = HandoffOwnership.decide(stranger, ownedBy("queue:dach", "dach"), TABLE);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("not a known sales rep");
    }

    @Test
    void given_no_hand_off_when_a_rep_acts_then_it_is_refused() {
        assertThat(HandoffOwnership.decide(rep(ANNA), null, TABLE).allowed()).isFalse();
    }

    @Test
    void given_sales_ops_or_admin_when_they_act_on_anyones_hand_off_then_it_is_allowed() {
        HandoffOwnership.Actor ops = new HandoffOwnership.Actor("olga", true, Optional.empty());
        assertThat(HandoffOwnership.decide(ops, ownedBy("anna", "dach"), TABLE).allowed()).isTrue();
        assertThat(HandoffOwnership.decide(ops, ownedBy("queue:inbound", "inbound"), TABLE).allowed()).isTrue();
        assertThat(HandoffOwnership.decide(ops, null, TABLE).allowed()).isTrue();
    }
}
