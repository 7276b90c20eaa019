package io.leadfunnel.runtime.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Per-client rate limits: a service's REST API (a token bucket per token subject, or per client address), and the
 * requests that failed to authenticate, per client address.
 */
@ConfigMapping(prefix = "funnel.rate-limit")
public interface RateLimitConfig {

    /** Whether requests over a client's limit are refused with 429. */
    @WithDefault("true")
    boolean enabled();

    /** The API: per authenticated token subject, or per remote address for requests without one. */
    Api api();

    /**
     * Requests that did not prove who sent them (no verified bearer token, no valid webhook signature or token), per
     * client address ({@link UnauthenticatedRequests}).
     */
    Unauthenticated unauthenticated();

    /** The default API limit and the clients that have their own. */
    interface Api {

        /** Sustained requests per second per client. */
        @WithDefault("100")
        double perSecond();

        /** Requests a client may send at once on top of the sustained rate (the bucket size). */
        @WithDefault("200")
        int burst();

        /** Limits for particular clients, by token subject (or remote address), replacing the default for them. */
        Map<String, Override> clients();
    }

    /** How many failed authentications one client address may cause, and the addresses that have their own limit. */
    interface Unauthenticated {

        /** Failed authentications per second one address may cause once its burst is spent. */
        @WithDefault("5")
        double perSecond();

        /** Failed authentications one address may cause at once (the bucket size). */
        @WithDefault("50")
        int burst();

        /** Limits for particular client addresses (as {@code funnel.http.trusted-proxies} resolves them). */
        Map<String, Override> addresses();
    }

    /** A particular client's limit; what it leaves out is the default's. */
    interface Override {

        /** Sustained requests per second. */
        OptionalDouble perSecond();

        /** Bucket size. */
        OptionalInt burst();
    }

    /** The limit of {@code override}, completed from the defaults; the defaults when it is null. */
    static ClientRateLimiter.Limit limit(double perSecond, int burst, Override override) {
        if (override == null) {
            return new ClientRateLimiter.Limit(perSecond, burst);
        }
        return new ClientRateLimiter.Limit(override.perSecond().orElse(perSecond), override.burst().orElse(burst));
    }
}
