package io.leadfunnel.testing.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.leadfunnel.testing.domain.Scenario.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    /** A small lead pipeline: moves between stages, refuses to move a won lead. */
    static final class Pipeline {

        private final List<LifecycleEvent> pending = new ArrayList<>();
        private Stage stage = Stage.LEAD;

        boolean moveTo(Stage to) {
            if (stage == Stage.WON) {
                throw new IllegalStateException("lead-1 is closed");
            }
            if (stage == to) {
                return false;
            }
            pending.add(new LeadStageChanged(UUID.randomUUID(), "lead-1", T0, 1, "test", stage, to, 1, List.of(),
                    Actor.system("test"), null, null, null, null));
            stage = to;
            return true;
        }

        void win(BigDecimal amount) {
            moveTo(Stage.WON);
            pending.add(new LeadClosed(UUID.randomUUID(), "lead-1", T0, 1, "test", Stage.WON, amount, "EUR", null,
                    "jonas", "dach"));
        }

        void store() {
            pending.clear();
        }

        Stage stage() {
            return stage;
        }

        List<LifecycleEvent> pendingEvents() {
            return List.copyOf(pending);
        }
    }

    private static Scenario<Pipeline, LifecycleEvent> pipeline() {
        return Scenario.given(Pipeline::new, Pipeline::pendingEvents);
    }

    private static final Scenario<Pipeline, LifecycleEvent> AT_MQL = pipeline().with(p -> p.moveTo(Stage.MQL));

    @Test
    void the_command_s_events_are_told_apart_from_those_of_the_prior_facts() {
        AT_MQL.when(p -> p.moveTo(Stage.SAL))
                .expect(LeadStageChanged.class, changed -> {
                    assertThat(changed.from()).isEqualTo(Stage.MQL);
                    assertThat(changed.to()).isEqualTo(Stage.SAL);
                })
                .then(p -> assertThat(p.stage()).isEqualTo(Stage.SAL));
    }

    @Test
    void several_events_are_expected_in_order_each_with_its_type() {
        AT_MQL.when(p -> p.win(new BigDecimal("48000")))
                .expectEvents(
                        event(LeadStageChanged.class, won -> assertThat(won.to()).isEqualTo(Stage.WON)),
                        event(LeadClosed.class, closed -> assertThat(closed.amount()).isEqualByComparingTo("48000")));
    }

    @Test
    void a_return_value_is_checked_and_a_next_command_has_its_own_events() {
        AT_MQL.whenReturning(p -> p.moveTo(Stage.MQL))
                .expectResult(false)
                .expectNothing()
                .then((p, moved) -> assertThat(moved).isFalse())
                .andWhenReturning(p -> p.moveTo(Stage.SAL))
                .expectResult(true)
                .expect(LeadStageChanged.class, changed -> assertThat(changed.from()).isEqualTo(Stage.MQL));
        assertThat(AT_MQL.whenReturning(p -> p.moveTo(Stage.SQL)).result()).isTrue();
    }

    @Test
    void every_run_starts_from_a_new_aggregate() {
        AT_MQL.when(p -> p.moveTo(Stage.SAL)).then(p -> assertThat(p.stage()).isEqualTo(Stage.SAL));
        AT_MQL.when(p -> { }).then(p -> assertThat(p.stage()).isEqualTo(Stage.MQL));
    }

    @Test
    void a_refusal_is_expected_by_type_and_message_and_the_state_is_checked_after_it() {
        Scenario<Pipeline, LifecycleEvent> won = AT_MQL.with(p -> p.win(BigDecimal.TEN));
        won.when(p -> p.moveTo(Stage.LOST))
                .expectRefusal(IllegalStateException.class, "closed")
                .then(p -> assertThat(p.stage()).isEqualTo(Stage.WON));
        won.when(p -> p.moveTo(Stage.LOST))
                .expectRefusal(IllegalStateException.class,
                        refused -> assertThat(refused).hasMessage("lead-1 is closed"));
    }

    @Test
    void another_event_type_than_expected_fails_naming_both() {
        assertThatThrownBy(() -> AT_MQL.when(p -> p.moveTo(Stage.SAL))
                .expect(LeadClosed.class, closed -> { }))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected 1 event(s): LeadClosed\nbut the command emitted 1 event(s):\n"
                        + "  LeadStageChanged[")
                .hasMessageContaining("from=MQL, to=SAL");
    }

    @Test
    void more_events_than_expected_fail_listing_all_of_them() {
        assertThatThrownBy(() -> AT_MQL.when(p -> p.win(BigDecimal.TEN))
                .expect(LeadStageChanged.class, won -> { }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 1 event(s): LeadStageChanged\nbut the command emitted 2 event(s):")
                .hasMessageContaining("LeadClosed[");
    }

    @Test
    void an_event_failing_its_check_is_named_with_the_check_s_message() {
        assertThatThrownBy(() -> AT_MQL.when(p -> p.win(BigDecimal.TEN))
                .expectEvents(event(LeadStageChanged.class, won -> { }),
                        event(LeadClosed.class, closed -> assertThat(closed.currency()).isEqualTo("USD"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("event 2 of 2, LeadClosed[")
                .hasMessageContaining("does not meet its expectation:")
                .hasMessageContaining("\"USD\"");
    }

    @Test
    void an_event_where_none_was_expected_fails() {
        assertThatThrownBy(() -> AT_MQL.when(p -> p.moveTo(Stage.SAL)).expectNothing())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected no event\nbut the command emitted 1 event(s):");
    }

    @Test
    void an_accepted_command_fails_a_refusal_expectation_and_a_wrong_refusal_fails_too() {
        assertThatThrownBy(() -> AT_MQL.whenReturning(p -> p.moveTo(Stage.SAL))
                .expectRefusal(IllegalStateException.class, "closed"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected a refusal (IllegalStateException) and no event\n"
                        + "but the command was accepted, returned true and emitted 1 event(s):");
        Scenario<Pipeline, LifecycleEvent> won = AT_MQL.with(p -> p.win(BigDecimal.TEN));
        assertThatThrownBy(() -> won.when(p -> p.moveTo(Stage.LOST))
                .expectRefusal(IllegalArgumentException.class, "closed"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but the command was refused with java.lang.IllegalStateException: "
                        + "lead-1 is closed and emitted no event")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> won.when(p -> p.moveTo(Stage.LOST))
                .expectRefusal(IllegalStateException.class, "not allowed"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not meet its expectation:\nits message does not contain \"not allowed\"");
    }

    @Test
    void a_refusal_nothing_expected_fails_every_other_check_with_the_exception_as_cause() {
        Scenario<Pipeline, LifecycleEvent> won = AT_MQL.with(p -> p.win(BigDecimal.TEN));
        assertThatThrownBy(() -> won.when(p -> p.moveTo(Stage.LOST)).then(p -> { }))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected the command to be accepted\n"
                        + "but the command was refused with java.lang.IllegalStateException: lead-1 is closed")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> won.when(p -> p.moveTo(Stage.LOST)).expectNothing())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected no event\nbut the command was refused");
        assertThatThrownBy(() -> won.when(p -> p.moveTo(Stage.LOST)).andWhen(p -> { }))
                .isInstanceOf(AssertionError.class).hasMessageContaining("was refused");
    }

    @Test
    void another_result_than_expected_fails_naming_both() {
        assertThatThrownBy(() -> AT_MQL.whenReturning(p -> p.moveTo(Stage.MQL)).expectResult(true))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected the command to return true\nbut it returned false");
    }

    @Test
    void a_command_that_removes_events_is_not_a_scenario_s_command() {
        assertThatThrownBy(() -> AT_MQL.when(Pipeline::store))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("removed events");
    }
}
