package io.leadfunnel.lead.config;

import io.leadfunnel.runtime.ratelimit.RateLimitConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * The webhooks' rate limits, per source, under {@code funnel.rate-limit.webhooks}; switched on and off with the API's
 * by {@code funnel.rate-limit.enabled} ({@link RateLimitConfig}).
 */
@ConfigMapping(prefix = "funnel.rate-limit.webhooks")
public interface WebhookRateLimitConfig {

    /** Deliveries per second one source may make on average. */
    @WithDefault("2000")
    double perSecond();

    /** Deliveries one source may make at once after being idle (the bucket size). */
    @WithDefault("4000")
    int burst();

    /** Overrides for single sources, by source name ({@code hubspot}, {@code salesforce}, generic names). */
    Map<String, RateLimitConfig.Override> sources();
}
