package io.leadfunnel.handoff.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read from the store and kept, so a hot path does not read it again for every lead. It is read again once
 * older than the refresh interval (a change by another instance shows within it) and at once after
 * {@link #invalidate()} (a change through this instance shows in the next call). A read that started before an
 * invalidation is answered but not kept, so it cannot bring back what the change replaced.
 */
final class RefreshingValue<T> {

    private record Held<T>(T value, long readAt, long generation) {
    }

    private final Supplier<T> read;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong generation = new AtomicLong();
    private volatile Held<T> held;

    RefreshingValue(Supplier<T> read, Duration interval) {
        this(read, interval, System::nanoTime);
    }

    RefreshingValue(Supplier<T> read, Duration interval, LongSupplier nanoTime) {
        this.read = read;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    T get() {
        long now = nanoTime.getAsLong();
        long current = generation.get();
        Held<T> h = held;
        if (h != null && h.generation() == current && now - h.readAt() < intervalNanos) {
            return h.value();
        }
        T value = read.get();
        if (generation.get() == current) {
            held = new Held<>(value, now, current);
        }
        return value;
    }

    /** The stored value changed: the next call reads it. */
    void invalidate() {
        generation.incrementAndGet();
        held = null;
    }
}
