package io.leadfunnel.lead.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Per-client request rate limits (token buckets), under {@code funnel.rate-limit}. A client over its limit gets 429
 * with {@code Retry-After} before any signature or token is checked.
 */
@ConfigMapping(prefix = "funnel.rate-limit")
public interface RateLimitConfig {

    /** Whether requests are rate-limited at all. */
    @WithDefault("true")
    boolean enabled();

    /** The sales-ops API, per token subject (per remote address for requests without a token). */
    Api api();

    /** The webhooks, per source ({@code hubspot}, {@code salesforce} or the generic source name). */
    Webhooks webhooks();

    interface Api {
        /** Requests per second a client may make on average. */
        @WithDefault("100")
        double perSecond();

        /** Requests a client may make at once after being idle (the bucket size). */
        @WithDefault("200")
        int burst();

        /** Overrides for single clients, by token subject. */
        Map<String, Override> clients();
    }

    interface Webhooks {
        /** Deliveries per second one source may make on average. */
        @WithDefault("2000")
        double perSecond();

        /** Deliveries one source may make at once after being idle (the bucket size). */
        @WithDefault("4000")
        int burst();

        /** Overrides for single sources, by source name ({@code hubspot}, {@code salesforce}, generic names). */
        Map<String, Override> sources();
    }

    interface Override {
        /** Requests per second on average; default: the family's. */
        OptionalDouble perSecond();

        /** Bucket size; default: the family's. */
        OptionalInt burst();
    }
}
