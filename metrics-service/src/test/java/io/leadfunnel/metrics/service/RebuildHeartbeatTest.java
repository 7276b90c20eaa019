package io.leadfunnel.metrics.service;

import io.leadfunnel.metrics.repository.FactRepository.Generations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumers write into a generation being rebuilt only while its replay keeps writing. */
class RebuildHeartbeatTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Duration STALE = Duration.ofMinutes(10);

    @Test
    void aRebuildIsWrittenIntoWhileItsReplayWroteWithinTheStaleLimit() {
        assertThat(FactService.alive(new Generations("facts_1", "facts_2", NOW.minusSeconds(599)), NOW, STALE))
                .isTrue();
        assertThat(FactService.alive(new Generations("facts_1", "facts_2", NOW.minusSeconds(600)), NOW, STALE))
                .as("silent for the whole limit: its instance is gone").isFalse();
        assertThat(FactService.alive(new Generations("facts_1", null, null), NOW, STALE)).isFalse();
        assertThat(FactService.alive(new Generations("facts_1", "facts_2", null), NOW, STALE))
                .as("named without a heartbeat").isFalse();
    }
}
