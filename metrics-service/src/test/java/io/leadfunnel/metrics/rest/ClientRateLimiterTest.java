package io.leadfunnel.metrics.rest;

import io.leadfunnel.runtime.ratelimit.ClientRateLimiter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits this service's API relies on, against the shared limiter of funnel-runtime. */
class ClientRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final ClientRateLimiter limiter = ClientRateLimiter.withClock(clock::get);

    @Test
    void given_a_fresh_client_when_it_sends_its_burst_then_all_pass_and_the_next_is_refused_with_retry_after() {
        ClientRateLimiter.Limit limit = new ClientRateLimiter.Limit(2, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("alice", limit)).isZero();
        }
        long refused = limiter.acquire("alice", limit);
        assertThat(refused).isPositive();
        assertThat(refused).isEqualTo(1);
    }

    @Test
    void given_an_exhausted_bucket_when_time_passes_then_tokens_come_back_at_the_sustained_rate_up_to_the_burst() {
        ClientRateLimiter.Limit limit = new ClientRateLimiter.Limit(2, 3);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("alice", limit);
        }
        clock.addAndGet(SECOND / 2); // one token back
        assertThat(limiter.acquire("alice", limit)).isZero();
        assertThat(limiter.acquire("alice", limit)).isPositive();
        clock.addAndGet(3600 * SECOND); // refills to the burst, not beyond
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("alice", limit)).isZero();
        }
        assertThat(limiter.acquire("alice", limit)).isPositive();
    }

    @Test
    void given_a_slow_rate_when_refused_then_retry_after_is_the_whole_seconds_until_the_next_token() {
        ClientRateLimiter.Limit limit = new ClientRateLimiter.Limit(0.1, 1);
        limiter.acquire("bob", limit);
        assertThat(limiter.acquire("bob", limit)).isEqualTo(10);
        clock.addAndGet(4 * SECOND);
        assertThat(limiter.acquire("bob", limit)).isEqualTo(6);
    }

    @Test
    void given_two_clients_when_one_exhausts_its_bucket_then_the_other_is_unaffected() {
        ClientRateLimiter.Limit slow = new ClientRateLimiter.Limit(1, 1);
        ClientRateLimiter.Limit fast = new ClientRateLimiter.Limit(100, 200);
        limiter.acquire("slow", slow);
        assertThat(limiter.acquire("slow", slow)).isPositive();
        assertThat(limiter.acquire("fast", fast)).isZero();
    }

    @Test
    void refuses_a_limit_that_is_not_a_positive_finite_rate() {
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
