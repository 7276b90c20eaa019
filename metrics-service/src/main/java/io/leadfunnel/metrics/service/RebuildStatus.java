package io.leadfunnel.metrics.service;

import java.time.Instant;

/**
 * State of the latest rebuild: {@code idle} (none since start), {@code running}, {@code done} or {@code failed}.
 *
 * @param generation the store generation being (or last) rebuilt
 * @param records    records replayed so far
 * @param skipped    records skipped: unknown event types and unreadable records (those are in the dead-letter topics)
 */
public record RebuildStatus(String state, String generation, Instant startedAt, Instant finishedAt, long records,
                            long skipped, String error) {

    public static RebuildStatus idle() {
        return new RebuildStatus("idle", null, null, null, 0, 0, null);
    }

    public boolean running() {
        return "running".equals(state);
    }
}
