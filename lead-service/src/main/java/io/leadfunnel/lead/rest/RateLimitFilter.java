package io.leadfunnel.lead.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadfunnel.lead.config.LeadServiceConfig;
import io.leadfunnel.lead.config.RateLimitConfig;
import io.leadfunnel.lead.rest.problem.ProblemException;
import io.leadfunnel.lead.rest.problem.ProblemMappers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Rate limits every request of the HTTP port per client before any signature or token is verified: webhooks per source
 * ({@code hubspot}, {@code salesforce}, the generic source name; unconfigured names share one bucket), the API per
 * token subject, or per remote address without a token. Over the limit: 429 problem with {@code Retry-After}.
 *
 * <p>The subject is read from the token without verifying it (verification is the work the limit protects); a
 * forged subject still fails authentication, it only gets its own bucket for the 401s.
 */
public class RateLimitFilter {

    static final String WEBHOOKS_PATH = "webhooks/";
    private static final int MAX_TOKEN_CHARS = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientRateLimiter limiter = ClientRateLimiter.systemClock();
    // looked up per request: filters may be built before runtime config exists
    private final Instance<RateLimitConfig> config;
    private final Instance<LeadServiceConfig> service;
    private final Instance<MeterRegistry> registry;

    public RateLimitFilter(Instance<RateLimitConfig> config, Instance<LeadServiceConfig> service,
                           Instance<MeterRegistry> registry) {
        this.config = config;
        this.service = service;
        this.registry = registry;
    }

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Response limit(ContainerRequestContext request, HttpServerRequest http) {
        RateLimitConfig limits = config.get();
        if (!limits.enabled()) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        path = path.startsWith("/") ? path.substring(1) : path;
        String family;
        String key;
        ClientRateLimiter.Limit limit;
        if (path.startsWith(WEBHOOKS_PATH)) {
            family = "webhooks";
            String source = sourceOf(path.substring(WEBHOOKS_PATH.length()));
            key = "webhook:" + source;
            limit = limitFor(limits.webhooks().perSecond(), limits.webhooks().burst(),
                    limits.webhooks().sources().get(source));
        } else {
            family = "api";
            String subject = unverifiedSubject(request.getHeaderString(HttpHeaders.AUTHORIZATION));
            if (subject != null) {
                key = "api:sub:" + subject;
                limit = limitFor(limits.api().perSecond(), limits.api().burst(), limits.api().clients().get(subject));
            } else {
                key = "api:addr:" + remoteAddress(http);
                limit = limitFor(limits.api().perSecond(), limits.api().burst(), null);
            }
        }
        long retryAfter = limiter.acquire(key, limit);
        if (retryAfter == 0) {
            return null;
        }
        registry.get().counter("funnel.rate.limited", "family", family).increment();
        return ProblemMappers.respond(new ProblemException(429, "too-many-requests", "Too many requests",
                "this client sent more than " + limit.perSecond() + " requests per second (burst " + limit.burst()
                        + "); retry after " + retryAfter + " s", List.of(),
                Map.of("Retry-After", Long.toString(retryAfter))), request.getUriInfo());
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

    private static ClientRateLimiter.Limit limitFor(double perSecond, int burst, RateLimitConfig.Override override) {
        if (override == null) {
            return new ClientRateLimiter.Limit(perSecond, burst);
        }
        return new ClientRateLimiter.Limit(override.perSecond().orElse(perSecond), override.burst().orElse(burst));
    }

    private static String remoteAddress(HttpServerRequest http) {
        SocketAddress address = http == null ? null : http.remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    /** {@code sub} (else {@code upn}) of a bearer JWT, not verified; null when there is none or it is unreadable. */
    static String unverifiedSubject(String authorization) {
        if (authorization == null || authorization.length() > MAX_TOKEN_CHARS
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode subject = claims.path("sub").isTextual() ? claims.get("sub") : claims.path("upn");
            return subject.isTextual() && !subject.asText().isBlank() && subject.asText().length() <= 256
                    ? subject.asText() : null;
        } catch (Exception e) {
            return null; // not a readable JWT: the client is keyed by address, authentication refuses the token
        }
    }
}
