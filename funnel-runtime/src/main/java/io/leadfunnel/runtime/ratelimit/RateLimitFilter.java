package io.leadfunnel.runtime.ratelimit;

import io.leadfunnel.runtime.net.ClientAddresses;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.problem.ProblemMappers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.Principal;

/**
 * Limits each client's request rate on the REST API ({@link ClientRateLimiter}). The client is the authenticated
 * token's subject, or the client address ({@link ClientAddresses}, trusted proxies honoured) for requests without one,
 * so a forged token buys no bucket of its own. Over the limit: 429 problem with {@code Retry-After}. A service with
 * paths of its own rules (lead-service's webhooks) answers them in its own filter and this one leaves them alone
 * ({@link #skips}). Requests that fail to authenticate are limited per address by {@link UnauthenticatedRequests}.
 */
public class RateLimitFilter {

    private final ClientRateLimiter limiter = ClientRateLimiter.systemClock();
    // looked up per request: filters may be built before runtime config exists
    private final Instance<RateLimitConfig> config;
    private final Instance<MeterRegistry> registry;
    private final Instance<ClientAddresses> addresses;

    public RateLimitFilter(Instance<RateLimitConfig> config, Instance<MeterRegistry> registry,
                           Instance<ClientAddresses> addresses) {
        this.config = config;
        this.registry = registry;
        this.addresses = addresses;
    }

    @ServerRequestFilter
    public Response limit(ContainerRequestContext request, HttpServerRequest http) {
        RateLimitConfig limits = config.get();
        if (!limits.enabled() || skips(request.getUriInfo().getPath())) {
            return null;
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        String client = principal != null && principal.getName() != null && !principal.getName().isEmpty()
                ? principal.getName() : addresses.get().of(http);
        ClientRateLimiter.Limit limit = RateLimitConfig.limit(limits.api().perSecond(), limits.api().burst(),
                limits.api().clients().get(client));
        long retryAfter = limiter.acquire((principal != null ? "sub:" : "addr:") + client, limit);
        if (retryAfter == 0) {
            return null;
        }
        registry.get().counter("funnel.rate.limited", "family", "api").increment();
        return ProblemMappers.respond(ProblemException.tooManyRequests("this client sent more than "
                + limit.perSecond() + " requests per second (burst " + limit.burst() + "); retry after " + retryAfter
                + " s", retryAfter), request.getUriInfo());
    }

    /** Paths a service limits by its own rules: the webhooks, whose senders are keyed by source. */
    static boolean skips(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.startsWith("webhooks/");
    }
}
