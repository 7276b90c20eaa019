package io.leadfunnel.runtime.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final ClientRateLimiter limiter = ClientRateLimiter.withClock(now::get);
    private final ClientRateLimiter.Limit twoPerSecondBurstThree = new ClientRateLimiter.Limit(2, 3);

    @Test
    void a_client_gets_its_burst_then_waits_for_the_sustained_rate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a", twoPerSecondBurstThree)).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire("a", twoPerSecondBurstThree)).as("over the burst: retry after").isEqualTo(1);

        now.addAndGet(SECOND / 2);
        assertThat(limiter.acquire("a", twoPerSecondBurstThree)).as("one token back after half a second").isZero();
        assertThat(limiter.acquire("a", twoPerSecondBurstThree)).isPositive();
    }

    @Test
    void an_idle_client_gets_its_burst_back_and_no_more() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("a", twoPerSecondBurstThree);
        }
        // thirty seconds at two a second would be sixty tokens: the bucket holds the burst
        now.addAndGet(30 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a", twoPerSecondBurstThree)).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire("a", twoPerSecondBurstThree)).isPositive();
        // an hour: the client was forgotten and starts again with a full bucket, not 7200 tokens
        now.addAndGet(3600 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a", twoPerSecondBurstThree)).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire("a", twoPerSecondBurstThree)).isPositive();
    }

    @Test
    void clients_have_buckets_of_their_own() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("flooder", twoPerSecondBurstThree);
        }
        assertThat(limiter.acquire("flooder", twoPerSecondBurstThree)).isPositive();
        assertThat(limiter.acquire("other", twoPerSecondBurstThree)).isZero();
    }

    @Test
    void a_slow_limit_tells_how_long_to_wait() {
        ClientRateLimiter.Limit onePerFiveSeconds = new ClientRateLimiter.Limit(0.2, 1);
        assertThat(limiter.acquire("slow", onePerFiveSeconds)).isZero();
        assertThat(limiter.acquire("slow", onePerFiveSeconds)).isEqualTo(5);
    }

    @Test
    void retry_after_counts_down_to_the_next_token() {
        ClientRateLimiter.Limit onePerTenSeconds = new ClientRateLimiter.Limit(0.1, 1);
        assertThat(limiter.acquire("slow", onePerTenSeconds)).isZero();
        assertThat(limiter.acquire("slow", onePerTenSeconds)).isEqualTo(10);
        now.addAndGet(4 * SECOND);
        assertThat(limiter.acquire("slow", onePerTenSeconds)).isEqualTo(6);
        now.addAndGet(6 * SECOND);
        assertThat(limiter.acquire("slow", onePerTenSeconds)).isZero();
    }

    @Test
    void a_limit_needs_a_positive_finite_rate_and_a_burst_of_at_least_one() {
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ClientRateLimiter.Limit(rate, 1)).as("rate %s", rate)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_flood_of_distinct_clients_keeps_memory_bounded() {
        for (int i = 0; i < ClientRateLimiter.MAX_CLIENTS * 2; i++) {
            limiter.acquire("client-" + i, twoPerSecondBurstThree);
        }
        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(ClientRateLimiter.MAX_CLIENTS);
    }

    @Test
    void idle_clients_are_forgotten() {
        limiter.acquire("idle", twoPerSecondBurstThree);
        now.addAndGet(120 * SECOND);
        assertThat(limiter.trackedClients()).isZero();
    }

    @Test
    void looking_at_a_bucket_takes_no_token() {
        ClientRateLimiter.Limit onePerTenSeconds = new ClientRateLimiter.Limit(0.1, 2);
        assertThat(limiter.retryAfter("watched", onePerTenSeconds)).as("an unknown client").isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.retryAfter("watched", onePerTenSeconds)).isZero();
        }
        limiter.acquire("watched", onePerTenSeconds);
        assertThat(limiter.retryAfter("watched", onePerTenSeconds)).isZero();
        limiter.acquire("watched", onePerTenSeconds);
        assertThat(limiter.retryAfter("watched", onePerTenSeconds)).isEqualTo(10);
        assertThat(limiter.retryAfter("watched", onePerTenSeconds)).as("still not charged").isEqualTo(10);
        now.addAndGet(10 * SECOND);
        assertThat(limiter.retryAfter("watched", onePerTenSeconds)).isZero();
        assertThat(limiter.acquire("watched", onePerTenSeconds)).isZero();
    }
}
