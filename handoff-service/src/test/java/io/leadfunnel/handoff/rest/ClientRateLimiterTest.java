package io.leadfunnel.handoff.rest;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);

    private ClientRateLimiter limiter(double perSecond, int burst) {
        return new ClientRateLimiter(client -> new ClientRateLimiter.Limit(perSecond, burst), clock::get);
    }

    @Test
    void given_a_fresh_client_when_it_sends_its_burst_then_all_pass_and_the_next_is_refused_with_retry_after() {
        ClientRateLimiter limiter = limiter(2, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("alice").allowed()).isTrue();
        }
        ClientRateLimiter.Verdict refused = limiter.acquire("alice");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void given_an_exhausted_bucket_when_time_passes_then_tokens_come_back_at_the_sustained_rate_up_to_the_burst() {
        ClientRateLimiter limiter = limiter(2, 3);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("alice");
        }
        clock.addAndGet(SECOND / 2); // one token back
        assertThat(limiter.acquire("alice").allowed()).isTrue();
        assertThat(limiter.acquire("alice").allowed()).isFalse();
        clock.addAndGet(3600 * SECOND); // refills to the burst, not beyond
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("alice").allowed()).isTrue();
        }
        assertThat(limiter.acquire("alice").allowed()).isFalse();
    }

    @Test
    void given_a_slow_rate_when_refused_then_retry_after_is_the_whole_seconds_until_the_next_token() {
        ClientRateLimiter limiter = limiter(0.1, 1);
        limiter.acquire("bob");
        assertThat(limiter.acquire("bob").retryAfterSeconds()).isEqualTo(10);
        clock.addAndGet(4 * SECOND);
        assertThat(limiter.acquire("bob").retryAfterSeconds()).isEqualTo(6);
    }

    @Test
    void given_two_clients_when_one_exhausts_its_bucket_then_the_other_is_unaffected() {
        ClientRateLimiter limiter = new ClientRateLimiter(client -> client.equals("slow")
                ? new ClientRateLimiter.Limit(1, 1) : new ClientRateLimiter.Limit(100, 200), clock::get);
        limiter.acquire("slow");
        assertThat(limiter.acquire("slow").allowed()).isFalse();
        assertThat(limiter.acquire("fast").allowed()).isTrue();
    }

    @Test
    void given_many_idle_clients_when_a_new_one_comes_then_idle_buckets_are_dropped() {
        ClientRateLimiter limiter = limiter(10, 10);
        for (int i = 0; i <= ClientRateLimiter.MAX_CLIENTS; i++) {
            limiter.acquire("client-" + i);
        }
        clock.addAndGet(10 * SECOND);
        limiter.acquire("newcomer");
        assertThat(limiter.trackedClients()).isLessThan(10);
    }

    @Test
    void refuses_a_limit_that_is_not_a_positive_finite_rate() {
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
