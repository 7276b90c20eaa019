package io.leadfunnel.lead.rest;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets per client key: a client may make {@code burst} requests at once and then {@code perSecond} requests
 * per second on average. Plain Java and thread-safe; time comes from a nanosecond clock so tests can move it.
 */
public final class ClientRateLimiter {

    /** Above this many keys, buckets that have refilled completely (idle clients) are dropped. */
    static final int MAX_IDLE_KEYS = 10_000;
    private static final long EVICTION_INTERVAL = 1_000_000_000L;

    /** A limit: average rate and bucket size. */
    public record Limit(double perSecond, int burst) {
        public Limit {
            if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1");
            }
        }
    }

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextEviction;

    public ClientRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.nextEviction = new AtomicLong(nanoTime.getAsLong());
    }

    /** A limiter on the JVM's monotonic clock. */
    public static ClientRateLimiter systemClock() {
        return new ClientRateLimiter(System::nanoTime);
    }

    /**
     * Takes one token from the key's bucket.
     *
     * @return 0 when the request may go ahead, else the whole seconds (at least 1) until a token is available
     */
    public long acquire(String key, Limit limit) {
        long now = nanoTime.getAsLong();
        long due = nextEviction.get();
        // one scan a second at most, by one thread: with many busy clients a scan frees little and costs much
        if (buckets.size() > MAX_IDLE_KEYS && now - due >= 0
                && nextEviction.compareAndSet(due, now + EVICTION_INTERVAL)) {
            evictFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), now));
        return bucket.take(limit, now);
    }

    /** Number of keys tracked (for tests). */
    int keys() {
        return buckets.size();
    }

    private void evictFull(long now) {
        for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isFullAt(now)) {
                it.remove();
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;
        private Limit lastLimit;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        synchronized long take(Limit limit, long now) {
            lastLimit = limit;
            refill(limit, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            double seconds = (1 - tokens) / limit.perSecond();
            return Math.max(1, (long) Math.ceil(seconds));
        }

        synchronized boolean isFullAt(long now) {
            if (lastLimit == null) {
                return true;
            }
            refill(lastLimit, now);
            return tokens >= lastLimit.burst();
        }

        private void refill(Limit limit, long now) {
            long elapsed = now - updatedNanos;
            if (elapsed > 0) {
                tokens = Math.min(limit.burst(), tokens + elapsed / 1e9 * limit.perSecond());
                updatedNanos = now;
            }
            if (tokens > limit.burst()) {
                tokens = limit.burst();
            }
        }
    }
}
