package io.leadfunnel.runtime.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DueTimeIndexTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    /** An index of at most {@code limit} clocks after a sweep that found none stored. */
    private static DueTimeIndex sweptEmpty(int limit) {
        DueTimeIndex index = new DueTimeIndex(limit);
        index.swept(Map.of(), true);
        return index;
    }

    @Test
    void dueClocksComeEarliestFirstUpToTheBatchAndAWriteMovesOrRemovesALeadsClock() {
        DueTimeIndex index = sweptEmpty(100);
        index.set("c", at(3));
        index.set("a", at(1));
        index.set("b", at(2));
        index.set("d", at(10));

        assertThat(index.due(at(0), 10)).isEmpty();
        assertThat(index.due(at(2), 10)).containsExactly("a", "b");
        assertThat(index.due(at(5), 2)).containsExactly("a", "b");

        index.set("a", at(20)); // escalated: a fresh clock
        index.set("b", null);   // accepted: no clock runs
        assertThat(index.due(at(5), 10)).containsExactly("c");
        assertThat(index.due(at(30), 10)).containsExactly("c", "d", "a");
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.complete()).isTrue();
    }

    @Test
    void aSweepAddsWhatOthersStoredAndOfTwoClocksForALeadKeepsTheEarlier() {
        DueTimeIndex index = new DueTimeIndex(100);
        assertThat(index.complete()).as("nothing swept yet").isFalse();
        index.set("mine", at(7));
        index.set("moved", at(8));

        // "mine": written here after the sweep read it; "moved": changed by another instance after this one wrote it
        index.swept(Map.of("mine", at(9), "moved", at(3), "theirs", at(2)), true);

        assertThat(index.complete()).isTrue();
        assertThat(index.due(at(3), 10)).containsExactly("theirs", "moved");
        assertThat(index.due(at(7), 10)).containsExactly("theirs", "moved", "mine");
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void pastItsLimitTheIndexKeepsTheEarliestClocksAndIsNotCompleteUntilASweepFitsAgain() {
        DueTimeIndex index = sweptEmpty(2);
        index.set("late", at(9));
        index.set("mid", at(5));
        index.set("early", at(1)); // over the limit: the latest gives way

        assertThat(index.complete()).isFalse();
        assertThat(index.due(at(60), 10)).containsExactly("early", "mid");
        index.set("later", at(30)); // later than every clock held: left out
        assertThat(index.due(at(60), 10)).containsExactly("early", "mid");

        // a sweep that read more clocks than fit leaves it incomplete
        index.swept(Map.of("x", at(2), "y", at(3), "z", at(4)), false);
        assertThat(index.complete()).isFalse();

        // once clocks were taken down and a sweep read them all, it is complete again
        index.set("early", null);
        index.set("mid", null);
        index.swept(Map.of("late", at(9)), true);
        assertThat(index.complete()).isTrue();
        assertThat(index.due(at(60), 10)).hasSize(2).contains("late");
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new DueTimeIndex(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstSweepReadsOneMoreThanFitsAndTheNextWaitsForItsInterval() {
        DueTimeIndex index = new DueTimeIndex(2);
        List<Integer> asked = new ArrayList<>();

        int read = index.sweepWhenDue(Duration.ofMinutes(5), most -> {
            asked.add(most);
            return Map.of("a", at(1), "b", at(2));
        });

        assertThat(read).isEqualTo(2);
        assertThat(asked).containsExactly(3);
        assertThat(index.complete()).isTrue();
        assertThat(index.due(at(5), 10)).containsExactly("a", "b");

        // within the interval nothing is read
        assertThat(index.sweepWhenDue(Duration.ofMinutes(5), most -> {
            asked.add(most);
            return Map.of();
        })).isEqualTo(-1);
        assertThat(asked).containsExactly(3);

        // once it passed, the next sweep reads again; three stored where two fit: not complete
        assertThat(index.sweepWhenDue(Duration.ZERO, most -> Map.of("a", at(1), "b", at(2), "c", at(3))))
                .isEqualTo(3);
        assertThat(index.complete()).isFalse();
    }
}
