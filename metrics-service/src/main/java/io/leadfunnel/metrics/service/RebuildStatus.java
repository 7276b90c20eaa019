package io.leadfunnel.metrics.service;

import java.time.Instant;

/**
 * State of the latest rebuild: {@code idle} (none since start), {@code running}, {@code done} or {@code failed}. Only
 * {@code running} refuses a new start.
 *
 * @param generation the store generation being (or last) rebuilt
 * @param records    records replayed so far
 * @param skipped    records skipped: unknown event types and unreadable records (those are in the dead-letter topics)
 * @param error      for {@code failed}: what failed, in a few words that never quote a record or a stored document
 */
public record RebuildStatus(String state, String generation, Instant startedAt, Instant finishedAt, long records,
                            long skipped, String error) {

    public static final String IDLE = "idle";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public static RebuildStatus idle() {
        return new RebuildStatus(IDLE, null, null, null, 0, 0, null);
    }

    static RebuildStatus running(String generation, Instant startedAt, long records, long skipped) {
        return new RebuildStatus(RUNNING, generation, startedAt, null, records, skipped, null);
    }

    static RebuildStatus done(String generation, Instant startedAt, Instant finishedAt, long records, long skipped) {
        return new RebuildStatus(DONE, generation, startedAt, finishedAt, records, skipped, null);
    }

    static RebuildStatus failed(String generation, Instant startedAt, Instant finishedAt, long records, long skipped,
                                String error) {
        return new RebuildStatus(FAILED, generation, startedAt, finishedAt, records, skipped, error);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }
}
