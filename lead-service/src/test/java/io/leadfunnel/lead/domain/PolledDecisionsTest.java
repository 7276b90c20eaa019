package io.leadfunnel.lead.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll's events merged into variants leave what taking them in one at a time leaves: for any stored newest time,
 * exactly one variant fits, and its fields are those of the events applied in poll order.
 */
class PolledDecisionsTest {

    private static final Instant T = Instant.parse("2026-03-04T08:00:00Z");
    private static final String[] STAGES = {"MQL", "SAL", "SQL", "RECYCLED"};

    @Test
    void the_one_variant_that_fits_the_stored_time_leaves_what_the_events_one_at_a_time_leave() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            // given a lead decided up to a stored time (or not yet) and a poll of its lifecycle events
            Instant stored = random.nextInt(4) == 0 ? null : T.plusSeconds(random.nextInt(12));
            FunnelDecisions before = new FunnelDecisions(Stage.LEAD, T.minusSeconds(60), "earlier.owner", "team-0",
                    null, stored, List.of());
            List<LifecycleEvent> poll = new ArrayList<>();
            int size = 1 + random.nextInt(6);
            for (int i = 0; i < size; i++) {
                poll.add(i > 0 && random.nextInt(6) == 0 ? poll.get(random.nextInt(i)) : lifecycle(random));
            }

            // when they are taken in one at a time, and merged
            FunnelDecisions oneAtATime = before;
            for (LifecycleEvent event : poll) {
                oneAtATime = oneAtATime.after(event).orElse(oneAtATime);
            }
            PolledDecisions merged = new PolledDecisions(poll.stream().map(FunnelDecisions::change).toList());

            // then exactly one variant fits the stored time, and it leaves the same decisions
            List<PolledDecisions.Variant> fitting = merged.variants().stream().filter(v -> fits(v, stored)).toList();
            assertThat(fitting).as("round %d", round).hasSize(1);
            FunnelDecisions written = written(before, fitting.get(0).newest());
            assertThat(written).as("round %d: %s", round, poll).usingRecursiveComparison()
                    .ignoringFields("appliedEventIds", "score").isEqualTo(oneAtATime);
            assertThat(merged.taken()).hasSize((int) poll.stream().map(LifecycleEvent::eventId).distinct().count());
        }
    }

    @Test
    void the_newest_score_of_the_poll_wins_unless_the_stored_one_is_newer() {
        LeadScored early = scored(T.plusSeconds(1));
        LeadScored late = scored(T.plusSeconds(5));
        LeadScored between = scored(T.plusSeconds(3));
        PolledDecisions merged = new PolledDecisions(List.of(FunnelDecisions.change(early),
                FunnelDecisions.change(late), FunnelDecisions.change(between)));

        assertThat(merged.variants()).extracting(PolledDecisions.Variant::after, PolledDecisions.Variant::upTo)
                .containsExactly(Tuple.tuple(null, T.plusSeconds(1)),
                        Tuple.tuple(T.plusSeconds(1), T.plusSeconds(5)),
                        Tuple.tuple(T.plusSeconds(5), null));
        assertThat(merged.variants().get(0).newest().newScore().at()).isEqualTo(T.plusSeconds(5));
        assertThat(merged.variants().get(1).newest().newScore().at()).isEqualTo(T.plusSeconds(5));
        assertThat(merged.variants().get(2).newest()).isNull();
    }

    @Test
    void a_repeat_within_the_poll_is_taken_in_once() {
        LeadScored scored = scored(T);
        PolledDecisions merged = new PolledDecisions(List.of(FunnelDecisions.change(scored),
                FunnelDecisions.change(scored)));

        assertThat(merged.taken()).hasSize(1);
        assertThat(merged.repeated(0)).isFalse();
        assertThat(merged.repeated(1)).isTrue();
    }

    private static boolean fits(PolledDecisions.Variant variant, Instant stored) {
        if (stored == null) {
            return variant.after() == null;
        }
        return (variant.after() == null || stored.isAfter(variant.after()))
                && (variant.upTo() == null || !stored.isAfter(variant.upTo()));
    }

    /** What the store's update sets from a variant's merged change. */
    private static FunnelDecisions written(FunnelDecisions before, DecisionChange newest) {
        if (newest == null) {
            return before;
        }
        return new FunnelDecisions(newest.stage() != null ? newest.stage() : before.stage(),
                newest.stage() != null ? newest.stageAt() : before.stageAt(),
                newest.ownerChanged() ? newest.owner() : before.owner(),
                newest.ownerChanged() ? newest.team() : before.team(), before.score(), newest.occurredAt(),
                before.appliedEventIds());
    }

    private static LifecycleEvent lifecycle(Random random) {
        Instant at = T.plusSeconds(random.nextInt(12));
        ObjectNode node = switch (random.nextInt(5)) {
            case 0 -> golden(HandoffAssigned.class, at).put("owner", "owner-" + random.nextInt(3));
            case 1 -> golden(HandoffSlaBreached.class, at);
            case 2 -> golden(LeadClosed.class, at);
            case 3 -> golden(LeadStageChanged.class, at).put("to", STAGES[random.nextInt(STAGES.length)])
                    .put("owner", "stage-owner-" + random.nextInt(3));
            default -> golden(LeadStageChanged.class, at).put("to", STAGES[random.nextInt(STAGES.length)]);
        };
        return FunnelJson.read(node.toString(), LifecycleEvent.class);
    }

    private static LeadScored scored(Instant at) {
        return FunnelJson.read(golden(LeadScored.class, at).toString(), LeadScored.class);
    }

    private static ObjectNode golden(Class<? extends FunnelEvent> type, Instant at) {
        try {
            ObjectNode node = (ObjectNode) FunnelJson.mapper().readTree(GoldenSamples.json(type));
            node.put("eventId", UUID.randomUUID().toString());
            node.put("occurredAt", at.toString());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
