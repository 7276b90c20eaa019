package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.config.LeadServiceConfig;
import io.leadfunnel.lead.config.WebhookRateLimitConfig;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.problem.ProblemMappers;
import io.leadfunnel.runtime.ratelimit.ClientRateLimiter;
import io.leadfunnel.runtime.ratelimit.RateLimitConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rate limits the webhooks per source ({@code hubspot}, {@code salesforce}, the generic source name; unconfigured names
 * share one bucket) before the body is read or the signature checked. Over the limit: 429 problem with
 * {@code Retry-After}. The API is limited by the runtime's filter, which leaves these paths alone.
 */
public class WebhookRateLimitFilter {

    static final String WEBHOOKS_PATH = "webhooks/";

    private final ClientRateLimiter limiter = ClientRateLimiter.systemClock();
    // looked up per request: filters may be built before runtime config exists
    private final Instance<RateLimitConfig> switches;
    private final Instance<WebhookRateLimitConfig> config;
    private final Instance<LeadServiceConfig> service;
    private final Instance<MeterRegistry> registry;

    public WebhookRateLimitFilter(Instance<RateLimitConfig> switches, Instance<WebhookRateLimitConfig> config,
                                  Instance<LeadServiceConfig> service, Instance<MeterRegistry> registry) {
        this.switches = switches;
        this.config = config;
        this.service = service;
        this.registry = registry;
    }

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Response limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        path = path.startsWith("/") ? path.substring(1) : path;
        if (!path.startsWith(WEBHOOKS_PATH) || !switches.get().enabled()) {
            return null;
        }
        WebhookRateLimitConfig limits = config.get();
        String source = sourceOf(path.substring(WEBHOOKS_PATH.length()));
        ClientRateLimiter.Limit limit = RateLimitConfig.limit(limits.perSecond(), limits.burst(),
                limits.sources().get(source));
        long retryAfter = limiter.acquire("webhook:" + source, limit);
        if (retryAfter == 0) {
            return null;
        }
        registry.get().counter("funnel.rate.limited", "family", "webhooks").increment();
        return ProblemMappers.respond(ProblemException.tooManyRequests("this source sent more than "
                + limit.perSecond() + " deliveries per second (burst " + limit.burst() + "); retry after " + retryAfter
                + " s", retryAfter), request.getUriInfo());
    }

    /** The source a webhook path names; every unconfigured name shares the bucket {@code unknown}. */
    private String sourceOf(String rest) {
        int slash = rest.indexOf('/');
        String source = slash < 0 ? rest : rest.substring(0, slash);
        if (source.equals("hubspot") || source.equals("salesforce")
                || service.get().webhooks().generic().containsKey(source)) {
            return source;
        }
        return "unknown";
    }
}
