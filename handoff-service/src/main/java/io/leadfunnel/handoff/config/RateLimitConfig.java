package io.leadfunnel.handoff.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** Per-client rate limits of the REST API (a token bucket per token subject, or per remote address without one). */
@ConfigMapping(prefix = "funnel.rate-limit")
public interface RateLimitConfig {

    /** Whether requests over a client's limit are refused with 429. */
    @WithDefault("true")
    boolean enabled();

    /** The limit every client gets. */
    Api api();

    /** Limits for particular clients, by token subject (or remote address), replacing {@code api} for them. */
    Map<String, Client> clients();

    /** The default limit. */
    interface Api {

        /** Sustained requests per second per client. */
        @WithDefault("100")
        double perSecond();

        /** Requests a client may send at once on top of the sustained rate (the bucket size). */
        @WithDefault("200")
        int burst();
    }

    /** A particular client's limit. */
    interface Client {

        /** Sustained requests per second. */
        double perSecond();

        /** Bucket size. */
        int burst();
    }
}
