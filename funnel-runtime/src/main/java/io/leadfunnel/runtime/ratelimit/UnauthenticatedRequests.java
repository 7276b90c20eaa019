package io.leadfunnel.runtime.ratelimit;

import io.leadfunnel.runtime.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Requests that have not (yet) proved who sent them, limited per client address. Verifying a bearer token or a
 * webhook signature costs work, and a client that keeps failing it would otherwise get that work for free in unlimited
 * amounts: each failure takes a token from its address's bucket ({@link #failed}), and while the bucket is empty the
 * address's requests are refused with 429 before anything is verified ({@link #check}). Only failures are charged, so
 * a sender whose requests verify never spends this budget, and one address's failures never slow another address.
 */
@ApplicationScoped
public class UnauthenticatedRequests {

    static final String FAMILY = "unauthenticated";

    private final ClientRateLimiter limiter = ClientRateLimiter.systemClock();
    private final RateLimitConfig config;
    private final MeterRegistry registry;

    public UnauthenticatedRequests(RateLimitConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Refuses (429 problem with {@code Retry-After}) a request from an address that has failed too often lately. */
    public void check(String address) {
        if (!config.enabled()) {
            return;
        }
        ClientRateLimiter.Limit limit = limitOf(address);
        long retryAfter = limiter.retryAfter(key(address), limit);
        if (retryAfter > 0) {
            registry.counter("funnel.rate.limited", "family", FAMILY).increment();
            throw ProblemException.tooManyRequests("too many requests from this address failed to authenticate ("
                    + limit.perSecond() + " per second, burst " + limit.burst() + "); retry after " + retryAfter
                    + " s", retryAfter);
        }
    }

    /** Charges a request from this address that failed to authenticate. */
    public void failed(String address) {
        if (config.enabled()) {
            limiter.acquire(key(address), limitOf(address));
        }
    }

    private ClientRateLimiter.Limit limitOf(String address) {
        RateLimitConfig.Unauthenticated limits = config.unauthenticated();
        return RateLimitConfig.limit(limits.perSecond(), limits.burst(), limits.addresses().get(address));
    }

    private static String key(String address) {
        return "unauthenticated:" + address;
    }
}
