package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.handoff.domain.Samples.T0;
import static io.leadfunnel.handoff.domain.Samples.definition;
import static io.leadfunnel.handoff.domain.Samples.goodProfile;
import static io.leadfunnel.handoff.domain.Samples.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeadLifecycleTest {

    private static final Actor JONAS = Actor.user("jonas");
    private static final RoutingDecision TO_JONAS = new RoutingDecision("jonas", "dach", "territory-dach", null);

    /** Given a captured lead with a qualifying score, handed to Jonas. */
    private static LeadLifecycle handedOff(AgreedLeadDefinition definition) {
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        lead.captured(1, goodProfile());
        lead.scored(score(66, "A"));
        lead.evaluate(definition, T0);
        lead.assign(TO_JONAS, definition, T0);
        return lead;
    }

    private static LeadLifecycle reloaded(LeadLifecycle lead) {
        return new LeadLifecycle(lead.state());
    }

    @Test
    void a_captured_lead_scoring_above_the_threshold_becomes_an_mql_and_is_handed_off() {
        // given a captured lead
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        lead.captured(1, goodProfile());
        // when a qualifying score arrives and routing chose Jonas
        lead.scored(score(66, "A"));
        MqlEvaluation evaluation = lead.evaluate(definition(), T0).orElseThrow();
        lead.assign(TO_JONAS, definition(), T0);
        // then LEAD -> MQL with every criterion, caused by the evaluator, then the hand-off with its accept due time
        assertThat(evaluation.qualifies()).isTrue();
        List<LifecycleEvent> events = lead.pendingEvents();
        assertThat(events).hasSize(2);
        LeadStageChanged mql = (LeadStageChanged) events.get(0);
        assertThat(mql.from()).isEqualTo(Stage.LEAD);
        assertThat(mql.to()).isEqualTo(Stage.MQL);
        assertThat(mql.definitionVersion()).isEqualTo(2);
        assertThat(mql.criteria()).hasSize(8).allMatch(c -> c.passed());
        assertThat(mql.causedBy()).isEqualTo(LeadLifecycle.MQL_EVALUATOR);
        HandoffAssigned assigned = (HandoffAssigned) events.get(1);
        assertThat(assigned.owner()).isEqualTo("jonas");
        assertThat(assigned.routingRule()).isEqualTo("territory-dach");
        assertThat(assigned.acceptDueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(lead.allowedActions()).containsExactlyInAnyOrder(LeadAction.ACCEPT, LeadAction.REJECT,
                LeadAction.REASSIGN);
    }

    @Test
    void a_lead_below_the_threshold_stays_a_lead_and_the_failed_criterion_is_kept() {
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        lead.captured(1, goodProfile());
        lead.scored(score(40, "A"));
        MqlEvaluation evaluation = lead.evaluate(definition(), T0).orElseThrow();
        assertThat(evaluation.qualifies()).isFalse();
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);
        assertThat(lead.pendingEvents()).isEmpty();
        assertThat(lead.state().lastEvaluation()).isEqualTo(evaluation);
    }

    @Test
    void an_older_profile_report_does_not_replace_a_newer_one() {
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        lead.profileChanged(3, goodProfile());
        lead.captured(1, Samples.profile("old@acme.example", null, null, null));
        assertThat(lead.profile()).isEqualTo(goodProfile());
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void accept_then_qualify_with_an_incomplete_checklist_names_exactly_the_missing_items() {
        LeadLifecycle lead = handedOff(definition());
        lead.accept(JONAS, "jonas", "dach", definition().sla(), T0.plusSeconds(60));
        assertThat(lead.stage()).isEqualTo(Stage.SAL);
        assertThat(lead.handoff().firstContactDueAt()).isEqualTo(T0.plusSeconds(60).plus(Duration.ofHours(24)));

        assertThatThrownBy(() -> lead.qualify(JONAS, Map.of(ChecklistItem.BUDGET, "80k"), definition(), T0))
                .isInstanceOfSatisfying(ChecklistIncompleteException.class, e -> assertThat(e.missing())
                        .containsExactly(ChecklistItem.BUYING_CENTER, ChecklistItem.TIMELINE));
        assertThat(lead.stage()).isEqualTo(Stage.SAL);
    }

    @Test
    void a_complete_checklist_gives_sql_and_closing_won_records_the_amount() {
        LeadLifecycle lead = handedOff(definition());
        lead.accept(JONAS, "jonas", "dach", definition().sla(), T0);
        lead.qualify(JONAS, Map.of(ChecklistItem.BUYING_CENTER, "CFO signs, CTO influences",
                ChecklistItem.BUDGET, "80k", ChecklistItem.TIMELINE, "Q3"), definition(), T0.plusSeconds(10));
        assertThat(lead.stage()).isEqualTo(Stage.SQL);

        lead.closeWon(JONAS, new BigDecimal("48000.00"), "EUR", T0.plusSeconds(20));

        List<LifecycleEvent> events = lead.pendingEvents();
        LeadStageChanged sql = (LeadStageChanged) events.get(events.size() - 3);
        assertThat(sql.to()).isEqualTo(Stage.SQL);
        assertThat(sql.criteria()).extracting(c -> c.criterion())
                .containsExactly("sql.BUYING_CENTER", "sql.BUDGET", "sql.TIMELINE");
        assertThat(((LeadStageChanged) events.get(events.size() - 2)).to()).isEqualTo(Stage.WON);
        LeadClosed closed = (LeadClosed) events.get(events.size() - 1);
        assertThat(closed.amount()).isEqualByComparingTo("48000");
        assertThat(closed.currency()).isEqualTo("EUR");
        assertThat(closed.owner()).isEqualTo("jonas");
        assertThat(lead.handoff().isOpen()).isFalse();
    }

    @Test
    void a_won_amount_no_deal_can_have_is_refused_and_the_lead_stays_sql() {
        LeadLifecycle lead = handedOff(definition());
        lead.accept(JONAS, "jonas", "dach", definition().sla(), T0);
        lead.qualify(JONAS, Map.of(ChecklistItem.BUYING_CENTER, "CFO", ChecklistItem.BUDGET, "80k",
                ChecklistItem.TIMELINE, "Q3"), definition(), T0.plusSeconds(10));

        for (String amount : List.of("0", "-5", "1E+400", "1000000000000000", "12.345678")) {
            assertThatThrownBy(() -> lead.closeWon(JONAS, new BigDecimal(amount), "EUR", T0.plusSeconds(20)))
                    .as(amount).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10^15");
        }
        assertThat(lead.stage()).isEqualTo(Stage.SQL);
        lead.closeWon(JONAS, new BigDecimal("999999999999999.9999"), "EUR", T0.plusSeconds(20));
        assertThat(lead.stage()).isEqualTo(Stage.WON);
    }

    @Test
    void an_action_the_stage_does_not_allow_is_refused_with_the_allowed_ones() {
        LeadLifecycle lead = handedOff(definition());
        assertThatThrownBy(() -> lead.closeWon(JONAS, BigDecimal.TEN, "EUR", T0))
                .isInstanceOfSatisfying(IllegalActionException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.MQL);
                    assertThat(e.allowed()).containsExactlyInAnyOrder(LeadAction.ACCEPT, LeadAction.REJECT,
                            LeadAction.REASSIGN);
                });
        LeadLifecycle fresh = LeadLifecycle.unknown("lead-2");
        fresh.captured(1, goodProfile());
        assertThatThrownBy(() -> fresh.accept(JONAS, null, null, definition().sla(), T0))
                .isInstanceOfSatisfying(IllegalActionException.class, e -> assertThat(e.allowed()).isEmpty());
    }

    @Test
    void reject_recycles_with_the_reason_and_the_lead_requalifies_only_after_the_waiting_time() {
        // given a definition with a 30-day recycling wait
        AgreedLeadDefinition definition = definition(Duration.ofDays(30), 2);
        LeadLifecycle lead = handedOff(definition);
        // when sales rejects it as too early
        lead.reject(JONAS, RejectReason.TOO_EARLY, null, definition, T0.plusSeconds(60));
        // then it is RECYCLED with the reason code, and the hand-off ended
        LeadStageChanged recycled = (LeadStageChanged) lead.pendingEvents().get(2);
        assertThat(recycled.to()).isEqualTo(Stage.RECYCLED);
        assertThat(recycled.reasonCode()).isEqualTo("TOO_EARLY");
        assertThat(lead.handoff().isOpen()).isFalse();
        // and a qualifying score 29 days later does not re-qualify it
        LeadLifecycle later = reloaded(lead);
        assertThat(later.evaluate(definition, T0.plus(Duration.ofDays(29)))).isEmpty();
        assertThat(later.stage()).isEqualTo(Stage.RECYCLED);
        // but 31 days later it does
        assertThat(later.evaluate(definition, T0.plus(Duration.ofDays(31)))).hasValueSatisfying(
                e -> assertThat(e.qualifies()).isTrue());
        assertThat(later.stage()).isEqualTo(Stage.MQL);
        assertThat(((LeadStageChanged) later.pendingEvents().get(0)).from()).isEqualTo(Stage.RECYCLED);
    }

    @Test
    void after_the_maximum_number_of_recycles_the_next_rejection_disqualifies() {
        AgreedLeadDefinition definition = definition(Duration.ZERO, 1);
        LeadLifecycle lead = handedOff(definition);
        lead.reject(JONAS, RejectReason.NO_BUDGET, null, definition, T0);
        assertThat(lead.stage()).isEqualTo(Stage.RECYCLED);
        lead.evaluate(definition, T0.plusSeconds(1));
        lead.assign(TO_JONAS, definition, T0.plusSeconds(1));

        lead.reject(JONAS, RejectReason.OTHER, "moved to a competitor's framework", definition, T0.plusSeconds(2));

        assertThat(lead.stage()).isEqualTo(Stage.DISQUALIFIED);
        List<LifecycleEvent> events = lead.pendingEvents();
        LeadStageChanged last = (LeadStageChanged) events.get(events.size() - 1);
        assertThat(last.from()).isEqualTo(Stage.RECYCLED);
        assertThat(last.reasonCode()).isEqualTo("MAX_RECYCLES");
        assertThat(((LeadStageChanged) events.get(events.size() - 2)).reason())
                .isEqualTo("moved to a competitor's framework");
        assertThat(lead.evaluate(definition, T0.plus(Duration.ofDays(400)))).isEmpty();
    }

    @Test
    void other_needs_a_note() {
        LeadLifecycle lead = handedOff(definition());
        assertThatThrownBy(() -> lead.reject(JONAS, RejectReason.OTHER, " ", definition(), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unaccepted_hand_off_breaches_and_escalates_to_the_next_rep_then_to_the_manager_queue() {
        LeadLifecycle lead = handedOff(definition());
        Instant due = lead.handoff().nextTimerAt();
        assertThat(lead.dueClock(due.minusSeconds(1))).isEmpty();
        // when the accept clock runs out, escalate to Lena
        Instant first = due.plusSeconds(5);
        assertThat(lead.dueClock(first)).contains(HandoffSlaBreached.Sla.ACCEPT);
        lead.breach(new RoutingDecision("lena", "dach", "escalation:ACCEPT", null), definition().sla(), first);
        // then a breach naming Jonas and the due time, and a new hand-off to Lena with a fresh clock
        List<LifecycleEvent> events = lead.pendingEvents();
        HandoffSlaBreached breach = (HandoffSlaBreached) events.get(2);
        assertThat(breach.owner()).isEqualTo("jonas");
        assertThat(breach.dueAt()).isEqualTo(due);
        assertThat(breach.escalatedTo()).isEqualTo("lena");
        HandoffAssigned toLena = (HandoffAssigned) events.get(3);
        assertThat(toLena.owner()).isEqualTo("lena");
        assertThat(toLena.acceptDueAt()).isEqualTo(first.plus(Duration.ofHours(4)));
        assertThat(lead.handoff().isOverdue(first)).isTrue();
        // when Lena's clock runs out too, the manager queue gets it and no clock runs any more
        Instant second = first.plus(Duration.ofHours(5));
        lead.breach(RoutingDecision.queue("dach-managers", "escalation:ACCEPT", null), definition().sla(), second);
        assertThat(lead.handoff().owner()).isEqualTo("queue:dach-managers");
        assertThat(lead.handoff().nextTimerAt()).isNull();
        assertThat(lead.handoff().escalations()).isEqualTo(2);
        assertThat(lead.dueClock(second.plus(Duration.ofDays(10)))).isEmpty();
    }

    @Test
    void the_first_contact_clock_runs_after_acceptance_and_a_call_stops_it() {
        LeadLifecycle lead = handedOff(definition());
        lead.accept(JONAS, "jonas", "dach", definition().sla(), T0);
        assertThat(lead.dueClock(T0.plus(Duration.ofHours(25)))).contains(HandoffSlaBreached.Sla.FIRST_CONTACT);
        lead.contacted(T0.plus(Duration.ofHours(2)));
        assertThat(lead.dueClock(T0.plus(Duration.ofHours(25)))).isEmpty();
    }

    @Test
    void a_rep_accepting_a_queued_lead_becomes_its_owner() {
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        lead.captured(1, goodProfile());
        lead.scored(score(66, "A"));
        lead.evaluate(definition(), T0);
        lead.assign(RoutingDecision.queue("inbound", Router.FALLBACK, null), definition(), T0);
        lead.accept(JONAS, "jonas", "dach", definition().sla(), T0);
        assertThat(lead.handoff().owner()).isEqualTo("jonas");
        assertThat(((LeadStageChanged) lead.pendingEvents().get(2)).owner()).isEqualTo("jonas");
    }

    @Test
    void erasure_drops_personal_data_ends_the_hand_off_and_stops_evaluation() {
        LeadLifecycle lead = handedOff(definition());
        lead.erased(T0);
        assertThat(lead.profile().email()).isNull();
        assertThat(lead.profile().country()).isEqualTo("DE");
        assertThat(lead.handoff().isOpen()).isFalse();
        assertThat(lead.mayQualify(definition(), T0)).isFalse();
    }

    @Test
    void erasure_leaves_no_personal_value_in_the_state() {
        // given a lead qualified on its e-mail, company and title
        LeadLifecycle lead = handedOff(definition());
        assertThat(lead.state().toString()).contains(lead.profile().title());
        // when it is erased
        lead.erased(T0);
        // then none of them is left, and the scores stay
        String after = reloaded(lead).state().toString();
        assertThat(after).doesNotContain("VP Operations").doesNotContain("acme-robotics").doesNotContain("maria")
                .doesNotContain("Keller");
        assertThat(lead.state().lastEvaluation().criteria()).filteredOn(c -> c.criterion().equals("mql.minTotalScore"))
                .extracting(CriterionResult::observed).containsExactly("66");
    }

    @Test
    void erasure_removes_the_domain_and_title_an_evaluation_stored_before_quoted() {
        // given a lead stored when evaluations still quoted the e-mail domain, company domain and title they judged
        LeadLifecycle.State now = handedOff(definition()).state();
        List<CriterionResult> quoting = List.of(
                new CriterionResult("mql.minTotalScore", true, "66", ">= 60"),
                new CriterionResult("mql.excludeFreeMail", true, "acme-robotics.example", "not a free-mail domain"),
                new CriterionResult("mql.excludeCompetitors", true, "acme-robotics.example", "not a competitor"),
                new CriterionResult("mql.excludeStudentsAndJobSeekers", true, "VP Operations",
                        "title without student,job seeker"));
        LeadStageChanged mql = (LeadStageChanged) now.history().get(0);
        LeadStageChanged quotingMql = new LeadStageChanged(mql.eventId(), mql.leadId(), mql.occurredAt(),
                mql.schemaVersion(), mql.producer(), mql.from(), mql.to(), mql.definitionVersion(), quoting,
                mql.causedBy(), mql.reasonCode(), mql.reason(), mql.owner(), mql.team());
        LeadLifecycle lead = new LeadLifecycle(new LeadLifecycle.State(now.leadId(), now.stage(), now.profile(),
                now.profileSequence(), now.personalValues(), now.personalData(), now.personalDataErased(), now.score(),
                now.erasedAt(), now.recycles(), now.recycledAt(), now.handoff(), now.checklist(),
                new MqlEvaluation(2, quoting), List.of(quotingMql, now.history().get(1)), now.appliedEventIds()));
        // when it is erased
        lead.erased(T0);
        // then no criterion quotes them any more, and the scores stay
        String after = reloaded(lead).state().toString();
        assertThat(after).doesNotContain("VP Operations").doesNotContain("acme-robotics").doesNotContain("maria")
                .contains(LeadLifecycle.ERASED);
        assertThat(lead.state().lastEvaluation().criteria()).filteredOn(c -> c.criterion().equals("mql.minTotalScore"))
                .extracting(CriterionResult::observed).containsExactly("66");
    }

    @Test
    void applied_event_ids_survive_a_reload() {
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        UUID id = UUID.randomUUID();
        lead.markApplied(id);
        assertThat(reloaded(lead).hasApplied(id)).isTrue();
        assertThat(reloaded(lead).hasApplied(UUID.randomUUID())).isFalse();
    }

    @Test
    void only_the_newest_event_ids_are_remembered() {
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        UUID oldest = UUID.randomUUID();
        lead.markApplied(oldest);
        for (int i = 0; i < LeadLifecycle.REMEMBERED_EVENTS; i++) {
            lead.markApplied(UUID.randomUUID());
        }
        assertThat(lead.hasApplied(oldest)).isFalse();
        assertThat(lead.state().appliedEventIds()).hasSize(LeadLifecycle.REMEMBERED_EVENTS);
    }
}
