package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.config.WebhookRateLimitConfig;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.ratelimit.ClientRateLimiter;
import io.leadfunnel.runtime.ratelimit.RateLimitConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Each webhook source's own token bucket ({@code hubspot}, {@code salesforce}, a generic source name). Only deliveries
 * that proved their sender (signature or endpoint token verified) are charged, so nobody else can spend a source's
 * allowance; requests that fail before that are limited per client address instead
 * ({@link io.leadfunnel.runtime.ratelimit.UnauthenticatedRequests}).
 */
@ApplicationScoped
public class WebhookRateLimits {

    private final ClientRateLimiter limiter = ClientRateLimiter.systemClock();
    private final RateLimitConfig switches;
    private final WebhookRateLimitConfig config;
    private final MeterRegistry registry;

    public WebhookRateLimits(RateLimitConfig switches, WebhookRateLimitConfig config, MeterRegistry registry) {
        this.switches = switches;
        this.config = config;
        this.registry = registry;
    }

    /** Charges one authenticated delivery to its source; over the limit, a 429 problem with {@code Retry-After}. */
    void charge(String source) {
        if (!switches.enabled()) {
            return;
        }
        ClientRateLimiter.Limit limit = RateLimitConfig.limit(config.perSecond(), config.burst(),
                config.sources().get(source));
        long retryAfter = limiter.acquire("webhook:" + source, limit);
        if (retryAfter > 0) {
            registry.counter("funnel.rate.limited", "family", "webhooks").increment();
            throw ProblemException.tooManyRequests("this source sent more than " + limit.perSecond()
                    + " deliveries per second (burst " + limit.burst() + "); retry after " + retryAfter + " s",
                    retryAfter);
        }
    }
}
