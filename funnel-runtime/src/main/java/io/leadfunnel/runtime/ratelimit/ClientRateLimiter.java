package io.leadfunnel.runtime.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per client key (Bucket4j): a client may send {@code burst} requests at once and then
 * {@code perSecond} a second. The buckets live in a bounded cache (Caffeine) that forgets a client idle for a minute,
 * or the least recent ones beyond {@value #MAX_CLIENTS}, so a flood of distinct keys cannot exhaust memory; a
 * forgotten client starts again with a full bucket, which is what an idle client would have.
 */
public final class ClientRateLimiter {

    static final int MAX_CLIENTS = 100_000;
    private static final Duration IDLE = Duration.ofMinutes(1);

    /** A client's limit: sustained requests per second and the burst on top. */
    public record Limit(double perSecond, int burst) {

        public Limit {
            if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1");
            }
        }
    }

    private final Cache<String, Held> buckets;
    private final TimeMeter clock;

    private ClientRateLimiter(LongSupplier nanoTime) {
        this.clock = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoTime.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_CLIENTS)
                .expireAfterAccess(IDLE)
                .ticker(nanoTime::getAsLong)
                .build();
    }

    /** A limiter on the system's monotonic clock. */
    public static ClientRateLimiter systemClock() {
        return new ClientRateLimiter(System::nanoTime);
    }

    /** A limiter on the given nanosecond clock, so tests need not wait. */
    public static ClientRateLimiter withClock(LongSupplier nanoTime) {
        return new ClientRateLimiter(nanoTime);
    }

    /**
     * Takes one token from the client's bucket.
     *
     * @return 0 when the request may pass, else the whole seconds after which a retry may pass
     */
    public long acquire(String client, Limit limit) {
        Held held = buckets.get(client, key -> new Held(limit, newBucket(limit)));
        if (!held.limit.equals(limit)) {
            // the configured limit of this client changed: start it again under the new one
            held = new Held(limit, newBucket(limit));
            buckets.put(client, held);
        }
        ConsumptionProbe probe = held.bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return seconds(probe.getNanosToWaitForRefill());
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    /**
     * Looks at the client's bucket without taking a token: for a client whose requests are charged only afterwards,
     * when their outcome is known.
     *
     * @return 0 when the bucket holds a token, else the whole seconds until it will
     */
    public long retryAfter(String client, Limit limit) {
        Held held = buckets.getIfPresent(client);
        if (held == null || !held.limit.equals(limit)) {
            return 0;
        }
        EstimationProbe probe = held.bucket.estimateAbilityToConsume(1);
        if (probe.canBeConsumed()) {
            return 0;
        }
        return seconds(probe.getNanosToWaitForRefill());
    }

    long trackedClients() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket(Limit limit) {
        // the sustained rate as whole tokens per period: perSecond tokens every second, at least one token per period
        long periodNanos = Math.max(1, Math.round(1e9 / limit.perSecond()));
        Bandwidth bandwidth = Bandwidth.builder()
                .capacity(limit.burst())
                .refillGreedy(1, Duration.ofNanos(periodNanos))
                .build();
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(clock).build();
    }

    private record Held(Limit limit, Bucket bucket) {
    }
}
