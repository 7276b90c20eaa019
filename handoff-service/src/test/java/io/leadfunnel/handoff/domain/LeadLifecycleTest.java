package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.testing.domain.Scenario;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.leadfunnel.handoff.domain.Samples.T0;
import static io.leadfunnel.handoff.domain.Samples.definition;
import static io.leadfunnel.handoff.domain.Samples.goodProfile;
import static io.leadfunnel.handoff.domain.Samples.score;
import static io.leadfunnel.testing.domain.Scenario.event;
import static org.assertj.core.api.Assertions.assertThat;

class LeadLifecycleTest {

    private static final Actor JONAS = Actor.user("jonas");
    private static final RoutingDecision TO_JONAS = new RoutingDecision("jonas", "dach", "territory-dach", null);
    private static final Map<ChecklistItem, String> CHECKLIST = Map.of(ChecklistItem.BUYING_CENTER,
            "CFO signs, CTO influences", ChecklistItem.BUDGET, "80k", ChecklistItem.TIMELINE, "Q3");

    /** A captured lead with a qualifying score, handed to Jonas. */
    private static LeadLifecycle handedOffLead(AgreedLeadDefinition definition) {
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

    /** Given a lead handoff-service has not seen. */
    private static Scenario<LeadLifecycle, LifecycleEvent> unknownLead() {
        return Scenario.given(() -> LeadLifecycle.unknown("lead-1"), LeadLifecycle::pendingEvents);
    }

    /** Given a captured lead with a qualifying score, handed to Jonas. */
    private static Scenario<LeadLifecycle, LifecycleEvent> handedOff(AgreedLeadDefinition definition) {
        return Scenario.given(() -> handedOffLead(definition), LeadLifecycle::pendingEvents);
    }

    /** Given a lead loaded from its stored state. */
    private static Scenario<LeadLifecycle, LifecycleEvent> loaded(LeadLifecycle.State stored) {
        return Scenario.given(() -> new LeadLifecycle(stored), LeadLifecycle::pendingEvents);
    }

    @Test
    void a_captured_lead_scoring_above_the_threshold_becomes_an_mql_and_is_handed_off() {
        // given a captured lead
        unknownLead()
                .with(lead -> lead.captured(1, goodProfile()))
                // when a qualifying score arrives and routing chose Jonas
                .whenReturning(lead -> {
                    lead.scored(score(66, "A"));
                    return lead.evaluate(definition(), T0);
                })
                // then LEAD -> MQL with every criterion, caused by the evaluator, then the hand-off with its
                // accept due time
                .expect(LeadStageChanged.class, mql -> {
                    assertThat(mql.from()).isEqualTo(Stage.LEAD);
                    assertThat(mql.to()).isEqualTo(Stage.MQL);
                    assertThat(mql.definitionVersion()).isEqualTo(2);
                    assertThat(mql.criteria()).hasSize(8).allMatch(c -> c.passed());
                    assertThat(mql.causedBy()).isEqualTo(LeadLifecycle.MQL_EVALUATOR);
                })
                .then((lead, evaluation) -> assertThat(evaluation).hasValueSatisfying(
                        e -> assertThat(e.qualifies()).isTrue()))
                .andWhen(lead -> lead.assign(TO_JONAS, definition(), T0))
                .expect(HandoffAssigned.class, assigned -> {
                    assertThat(assigned.owner()).isEqualTo("jonas");
                    assertThat(assigned.routingRule()).isEqualTo("territory-dach");
                    assertThat(assigned.acceptDueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
                })
                .then(lead -> assertThat(lead.allowedActions()).containsExactlyInAnyOrder(LeadAction.ACCEPT,
                        LeadAction.REJECT, LeadAction.REASSIGN));
    }

    @Test
    void a_lead_below_the_threshold_stays_a_lead_and_the_failed_criterion_is_kept() {
        unknownLead()
                .with(lead -> lead.captured(1, goodProfile()), lead -> lead.scored(score(40, "A")))
                .whenReturning(lead -> lead.evaluate(definition(), T0))
                .expectNothing()
                .then((lead, evaluation) -> {
                    assertThat(evaluation).hasValueSatisfying(e -> assertThat(e.qualifies()).isFalse());
                    assertThat(lead.stage()).isEqualTo(Stage.LEAD);
                    assertThat(lead.state().lastEvaluation()).isEqualTo(evaluation.orElseThrow());
                });
    }

    @Test
    void input_facts_publish_nothing() {
        unknownLead()
                .when(lead -> lead.captured(1, goodProfile()))
                .expectNothing()
                .andWhen(lead -> lead.profileChanged(2, goodProfile()))
                .expectNothing()
                .andWhen(lead -> lead.scored(score(66, "A")))
                .expectNothing()
                .andWhen(lead -> lead.personalDataArrived(LeadPersonalData.of("lead-1", 2, T0, goodProfile(),
                        Map.of())))
                .expectNothing()
                .andWhen(lead -> lead.personalDataErased())
                .expectNothing()
                .andWhen(lead -> lead.erased(T0))
                .expectNothing();
    }

    @Test
    void an_older_profile_report_does_not_replace_a_newer_one() {
        unknownLead()
                .with(lead -> lead.profileChanged(3, goodProfile()))
                .when(lead -> lead.captured(1, Samples.profile("old@acme.example", null, null, null)))
                .expectNothing()
                .then(lead -> {
                    assertThat(lead.profile()).isEqualTo(goodProfile());
                    assertThat(lead.stage()).isEqualTo(Stage.LEAD);
                });
    }

    @Test
    void accept_then_qualify_with_an_incomplete_checklist_names_exactly_the_missing_items() {
        handedOff(definition())
                .when(lead -> lead.accept(JONAS, "jonas", "dach", definition().sla(), T0.plusSeconds(60)))
                .expect(LeadStageChanged.class, sal -> assertThat(sal.to()).isEqualTo(Stage.SAL))
                .then(lead -> {
                    assertThat(lead.stage()).isEqualTo(Stage.SAL);
                    assertThat(lead.handoff().firstContactDueAt())
                            .isEqualTo(T0.plusSeconds(60).plus(Duration.ofHours(24)));
                })
                .andWhen(lead -> lead.qualify(JONAS, Map.of(ChecklistItem.BUDGET, "80k"), definition(), T0))
                .expectRefusal(ChecklistIncompleteException.class, e -> assertThat(e.missing())
                        .containsExactly(ChecklistItem.BUYING_CENTER, ChecklistItem.TIMELINE))
                .then(lead -> assertThat(lead.stage()).isEqualTo(Stage.SAL));
    }

    @Test
    void a_complete_checklist_gives_sql_and_closing_won_records_the_amount() {
        handedOff(definition())
                .with(lead -> lead.accept(JONAS, "jonas", "dach", definition().sla(), T0))
                .when(lead -> lead.qualify(JONAS, CHECKLIST, definition(), T0.plusSeconds(10)))
                .expect(LeadStageChanged.class, sql -> {
                    assertThat(sql.to()).isEqualTo(Stage.SQL);
                    assertThat(sql.criteria()).extracting(c -> c.criterion())
                            .containsExactly("sql.BUYING_CENTER", "sql.BUDGET", "sql.TIMELINE");
                })
                .then(lead -> assertThat(lead.stage()).isEqualTo(Stage.SQL))
                .andWhen(lead -> lead.closeWon(JONAS, new BigDecimal("48000.00"), "EUR", T0.plusSeconds(20)))
                .expectEvents(
                        event(LeadStageChanged.class, won -> assertThat(won.to()).isEqualTo(Stage.WON)),
                        event(LeadClosed.class, closed -> {
                            assertThat(closed.amount()).isEqualByComparingTo("48000");
                            assertThat(closed.currency()).isEqualTo("EUR");
                            assertThat(closed.owner()).isEqualTo("jonas");
                        }))
                .then(lead -> assertThat(lead.handoff().isOpen()).isFalse());
    }

    @Test
    void a_won_amount_no_deal_can_have_is_refused_and_the_lead_stays_sql() {
        Scenario<LeadLifecycle, LifecycleEvent> sql = handedOff(definition())
                .with(lead -> lead.accept(JONAS, "jonas", "dach", definition().sla(), T0),
                        lead -> lead.qualify(JONAS, CHECKLIST, definition(), T0.plusSeconds(10)));

        for (String amount : List.of("0", "-5", "1E+400", "1000000000000000", "12.345678")) {
            sql.when(lead -> lead.closeWon(JONAS, new BigDecimal(amount), "EUR", T0.plusSeconds(20)))
                    .expectRefusal(IllegalArgumentException.class, "10^15")
                    .then(lead -> assertThat(lead.stage()).as(amount).isEqualTo(Stage.SQL));
        }
        sql.when(lead -> lead.closeWon(JONAS, new BigDecimal("999999999999999.9999"), "EUR", T0.plusSeconds(20)))
                .then(lead -> assertThat(lead.stage()).isEqualTo(Stage.WON));
    }

    @Test
    void an_action_the_stage_does_not_allow_is_refused_with_the_allowed_ones() {
        handedOff(definition())
                .when(lead -> lead.closeWon(JONAS, BigDecimal.TEN, "EUR", T0))
                .expectRefusal(IllegalActionException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.MQL);
                    assertThat(e.allowed()).containsExactlyInAnyOrder(LeadAction.ACCEPT, LeadAction.REJECT,
                            LeadAction.REASSIGN);
                });
        unknownLead()
                .with(lead -> lead.captured(1, goodProfile()))
                .when(lead -> lead.accept(JONAS, null, null, definition().sla(), T0))
                .expectRefusal(IllegalActionException.class, e -> assertThat(e.allowed()).isEmpty());
    }

    @Test
    void reject_recycles_with_the_reason_and_the_lead_requalifies_only_after_the_waiting_time() {
        // given a definition with a 30-day recycling wait
        AgreedLeadDefinition definition = definition(Duration.ofDays(30), 2);
        LeadLifecycle.State recycled = handedOff(definition)
                // when sales rejects it as too early
                .when(lead -> lead.reject(JONAS, RejectReason.TOO_EARLY, null, definition, T0.plusSeconds(60)))
                // then it is RECYCLED with the reason code, and the hand-off ended
                .expect(LeadStageChanged.class, change -> {
                    assertThat(change.to()).isEqualTo(Stage.RECYCLED);
                    assertThat(change.reasonCode()).isEqualTo("TOO_EARLY");
                })
                .then(lead -> assertThat(lead.handoff().isOpen()).isFalse())
                .andWhenReturning(LeadLifecycle::state)
                .result();
        // and a qualifying score 29 days later does not re-qualify it
        loaded(recycled)
                .whenReturning(lead -> lead.evaluate(definition, T0.plus(Duration.ofDays(29))))
                .expectResult(Optional.empty())
                .then(lead -> assertThat(lead.stage()).isEqualTo(Stage.RECYCLED))
                // but 31 days later it does
                .andWhenReturning(lead -> lead.evaluate(definition, T0.plus(Duration.ofDays(31))))
                .expect(LeadStageChanged.class, mql -> assertThat(mql.from()).isEqualTo(Stage.RECYCLED))
                .then((lead, evaluation) -> {
                    assertThat(evaluation).hasValueSatisfying(e -> assertThat(e.qualifies()).isTrue());
                    assertThat(lead.stage()).isEqualTo(Stage.MQL);
                });
    }

    @Test
    void after_the_maximum_number_of_recycles_the_next_rejection_disqualifies() {
        AgreedLeadDefinition definition = definition(Duration.ZERO, 1);
        handedOff(definition)
                .when(lead -> lead.reject(JONAS, RejectReason.NO_BUDGET, null, definition, T0))
                .then(lead -> assertThat(lead.stage()).isEqualTo(Stage.RECYCLED))
                .andWhen(lead -> {
                    lead.evaluate(definition, T0.plusSeconds(1));
                    lead.assign(TO_JONAS, definition, T0.plusSeconds(1));
                })
                .andWhen(lead -> lead.reject(JONAS, RejectReason.OTHER, "moved to a competitor's framework", definition,
                        T0.plusSeconds(2)))
                .expectEvents(
                        event(LeadStageChanged.class, recycled -> assertThat(recycled.reason())
                                .isEqualTo("moved to a competitor's framework")),
                        event(LeadStageChanged.class, last -> {
                            assertThat(last.from()).isEqualTo(Stage.RECYCLED);
                            assertThat(last.reasonCode()).isEqualTo("MAX_RECYCLES");
                        }))
                .then(lead -> assertThat(lead.stage()).isEqualTo(Stage.DISQUALIFIED))
                .andWhenReturning(lead -> lead.evaluate(definition, T0.plus(Duration.ofDays(400))))
                .expectResult(Optional.empty());
    }

    @Test
    void other_needs_a_note() {
        handedOff(definition())
                .when(lead -> lead.reject(JONAS, RejectReason.OTHER, " ", definition(), T0))
                .expectRefusal(IllegalArgumentException.class, "needs a note");
    }

    @Test
    void an_unaccepted_hand_off_breaches_and_escalates_to_the_next_rep_then_to_the_manager_queue() {
        // given a hand-off to Jonas whose accept clock runs out 4 hours after T0
        Instant due = T0.plus(Duration.ofHours(4));
        Instant first = due.plusSeconds(5);
        Instant second = first.plus(Duration.ofHours(5));
        handedOff(definition())
                .whenReturning(lead -> lead.dueClock(due.minusSeconds(1)))
                .expectResult(Optional.empty())
                .then(lead -> assertThat(lead.handoff().nextTimerAt()).isEqualTo(due))
                // when the accept clock runs out, escalate to Lena
                .andWhenReturning(lead -> lead.dueClock(first))
                .expectResult(Optional.of(HandoffSlaBreached.Sla.ACCEPT))
                .andWhen(lead -> lead.breach(new RoutingDecision("lena", "dach", "escalation:ACCEPT", null),
                        definition().sla(), first))
                // then a breach naming Jonas and the due time, and a new hand-off to Lena with a fresh clock
                .expectEvents(
                        event(HandoffSlaBreached.class, breach -> {
                            assertThat(breach.owner()).isEqualTo("jonas");
                            assertThat(breach.dueAt()).isEqualTo(due);
                            assertThat(breach.escalatedTo()).isEqualTo("lena");
                        }),
                        event(HandoffAssigned.class, toLena -> {
                            assertThat(toLena.owner()).isEqualTo("lena");
                            assertThat(toLena.acceptDueAt()).isEqualTo(first.plus(Duration.ofHours(4)));
                        }))
                .then(lead -> assertThat(lead.handoff().isOverdue(first)).isTrue())
                // when Lena's clock runs out too, the manager queue gets it and no clock runs any more
                .andWhen(lead -> lead.breach(RoutingDecision.queue("dach-managers", "escalation:ACCEPT", null),
                        definition().sla(), second))
                .then(lead -> {
                    assertThat(lead.handoff().owner()).isEqualTo("queue:dach-managers");
                    assertThat(lead.handoff().nextTimerAt()).isNull();
                    assertThat(lead.handoff().escalations()).isEqualTo(2);
                    assertThat(lead.dueClock(second.plus(Duration.ofDays(10)))).isEmpty();
                });
    }

    @Test
    void the_first_contact_clock_runs_after_acceptance_and_a_call_stops_it() {
        handedOff(definition())
                .with(lead -> lead.accept(JONAS, "jonas", "dach", definition().sla(), T0))
                .whenReturning(lead -> lead.dueClock(T0.plus(Duration.ofHours(25))))
                .expectResult(Optional.of(HandoffSlaBreached.Sla.FIRST_CONTACT))
                .andWhen(lead -> lead.contacted(T0.plus(Duration.ofHours(2))))
                .expectNothing()
                .then(lead -> assertThat(lead.dueClock(T0.plus(Duration.ofHours(25)))).isEmpty());
    }

    @Test
    void a_rep_accepting_a_queued_lead_becomes_its_owner() {
        unknownLead()
                .with(lead -> lead.captured(1, goodProfile()), lead -> lead.scored(score(66, "A")),
                        lead -> lead.evaluate(definition(), T0),
                        lead -> lead.assign(RoutingDecision.queue("inbound", Router.FALLBACK, null), definition(), T0))
                .when(lead -> lead.accept(JONAS, "jonas", "dach", definition().sla(), T0))
                .expect(LeadStageChanged.class, sal -> assertThat(sal.owner()).isEqualTo("jonas"))
                .then(lead -> assertThat(lead.handoff().owner()).isEqualTo("jonas"));
    }

    @Test
    void erasure_drops_personal_data_ends_the_hand_off_and_stops_evaluation() {
        handedOff(definition())
                .when(lead -> lead.erased(T0))
                .expectNothing()
                .then(lead -> {
                    assertThat(lead.profile().email()).isNull();
                    assertThat(lead.profile().country()).isEqualTo("DE");
                    assertThat(lead.handoff().isOpen()).isFalse();
                    assertThat(lead.mayQualify(definition(), T0)).isFalse();
                });
    }

    @Test
    void erasure_leaves_no_personal_value_in_the_state() {
        // given a lead qualified on its e-mail, company and title
        LeadLifecycle lead = handedOffLead(definition());
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
        LeadLifecycle.State now = handedOffLead(definition()).state();
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
    void a_lead_scored_before_its_capture_is_judged_only_once_the_capture_comes() {
        // given a qualifying score that came before the lead's capture (its own topic, its own poll)
        LeadLifecycle lead = LeadLifecycle.unknown("lead-1");
        lead.scored(score(66, "A"));

        // then there is nothing to judge yet, and no evaluation is recorded
        assertThat(lead.evaluate(definition(), T0)).isEmpty();
        assertThat(lead.state().lastEvaluation()).isNull();

        // when the capture comes, the lead is judged on it and its score
        lead.captured(1, goodProfile());
        assertThat(lead.evaluate(definition(), T0)).hasValueSatisfying(mql -> assertThat(mql.qualifies()).isTrue());
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
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
