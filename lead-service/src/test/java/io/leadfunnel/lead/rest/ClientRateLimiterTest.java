package io.leadfunnel.lead.rest;

import io.leadfunnel.runtime.ratelimit.ClientRateLimiter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final ClientRateLimiter limiter = ClientRateLimiter.withClock(now::get);

    @Test
    void aClientMayUseItsBurstAtOnceAndIsThenToldWhenToRetry() {
        ClientRateLimiter.Limit limit = new ClientRateLimiter.Limit(2, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("a", limit)).as("request " + i).isZero();
        }
        assertThat(limiter.acquire("a", limit)).isEqualTo(1);
    }

    @Test
    void tokensRefillAtTheConfiguredRateUpToTheBurst() {
        ClientRateLimiter.Limit limit = new ClientRateLimiter.Limit(2, 4);
        for (int i = 0; i < 4; i++) {
            limiter.acquire("a", limit);
        }
        // given half a second: one token back
        now.addAndGet(SECOND / 2);
        assertThat(limiter.acquire("a", limit)).isZero();
        assertThat(limiter.acquire("a", limit)).isEqualTo(1);
        // given an hour idle: only the burst, not 7200 tokens
        now.addAndGet(3600 * SECOND);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a", limit)).isZero();
        }
        assertThat(limiter.acquire("a", limit)).isPositive();
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextToken() {
        ClientRateLimiter.Limit slow = new ClientRateLimiter.Limit(0.1, 1);
        assertThat(limiter.acquire("slow", slow)).isZero();
        assertThat(limiter.acquire("slow", slow)).isEqualTo(10);
        now.addAndGet(4 * SECOND);
        assertThat(limiter.acquire("slow", slow)).isEqualTo(6);
        now.addAndGet(6 * SECOND);
        assertThat(limiter.acquire("slow", slow)).isZero();
    }

    @Test
    void clientsHaveTheirOwnBuckets() {
        ClientRateLimiter.Limit limit = new ClientRateLimiter.Limit(1, 1);
        assertThat(limiter.acquire("a", limit)).isZero();
        assertThat(limiter.acquire("a", limit)).isPositive();
        assertThat(limiter.acquire("b", limit)).isZero();
    }

    @Test
    void aLimitNeedsAPositiveRateAndBurst() {
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter.Limit(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
