package io.leadfunnel.scoring.rest;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: each client may send {@code burst} requests at once and then {@code perSecond} a second.
 * Plain Java with an injectable nanosecond clock, so it is tested without waiting. Idle buckets (full again) are
 * dropped once there are more than {@link #MAX_CLIENTS}, so a flood of distinct clients cannot exhaust memory.
 */
public final class ClientRateLimiter {

    static final int MAX_CLIENTS = 10_000;
    private static final long EVICTION_INTERVAL = 1_000_000_000L;

    /** A client's limit: sustained requests per second and the burst on top. */
    public record Limit(double perSecond, int burst) {

        public Limit {
            if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1");
            }
        }
    }

    /** The answer for one request: allowed, or refused with the whole seconds after which a retry may pass. */
    public record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    private final Function<String, Limit> limits;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextEviction;

    public ClientRateLimiter(Function<String, Limit> limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.nextEviction = new AtomicLong(nanoTime.getAsLong());
    }

    /** Takes one token from the client's bucket if there is one. */
    public Verdict acquire(String client) {
        long now = nanoTime.getAsLong();
        long due = nextEviction.get();
        // one scan a second at most, by one thread: with many busy clients a scan frees little and costs much
        if (buckets.size() > MAX_CLIENTS && now - due >= 0
                && nextEviction.compareAndSet(due, now + EVICTION_INTERVAL)) {
            evictIdle(now);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(limits.apply(c), now));
        return bucket.take(now);
    }

    int trackedClients() {
        return buckets.size();
    }

    private void evictIdle(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(now)) {
                it.remove();
            }
        }
    }

    private static final class Bucket {
        private final Limit limit;
        private double tokens;
        private long refilledAt;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.refilledAt = now;
        }

        synchronized Verdict take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return new Verdict(true, 0);
            }
            double wait = (1 - tokens) / limit.perSecond();
            return new Verdict(false, Math.max(1, (long) Math.ceil(wait)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= limit.burst();
        }

        private void refill(long now) {
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                tokens = Math.min(limit.burst(), tokens + elapsed / 1e9 * limit.perSecond());
                refilledAt = now;
            }
        }
    }
}
