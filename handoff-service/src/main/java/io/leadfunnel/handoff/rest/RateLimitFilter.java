package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.config.RateLimitConfig;
import io.leadfunnel.handoff.rest.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.Principal;

/**
 * Limits each client's request rate on the REST API ({@link ClientRateLimiter}). The client is the token's subject,
 * or the remote address for requests without a token. Over the limit: 429 problem with {@code Retry-After}.
 */
public class RateLimitFilter {

    private final RateLimitConfig config;
    private final ClientRateLimiter limiter;

    public RateLimitFilter(RateLimitConfig config) {
        this.config = config;
        this.limiter = new ClientRateLimiter(this::limitOf, System::nanoTime);
    }

    private ClientRateLimiter.Limit limitOf(String client) {
        RateLimitConfig.Client own = config.clients().get(client);
        return own != null ? new ClientRateLimiter.Limit(own.perSecond(), own.burst())
                : new ClientRateLimiter.Limit(config.api().perSecond(), config.api().burst());
    }

    @ServerRequestFilter
    public Response limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!config.enabled()) {
            return null;
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        String client = principal != null && principal.getName() != null && !principal.getName().isEmpty()
                ? principal.getName()
                : http.remoteAddress() == null ? "unknown" : http.remoteAddress().host();
        ClientRateLimiter.Verdict verdict = limiter.acquire(client);
        if (verdict.allowed()) {
            return null;
        }
        String detail = "too many requests from this client; retry after " + verdict.retryAfterSeconds() + " s";
        return Response.status(429).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, verdict.retryAfterSeconds())
                .entity(new Problem(Problem.TYPE_BASE + "rate-limited", "Too many requests", 429, detail,
                        request.getUriInfo().getRequestUri().getRawPath(), null, null)).build();
    }
}
