package io.leadfunnel.lead.rest;

import io.leadfunnel.runtime.net.ClientAddresses;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.problem.ProblemMappers;
import io.leadfunnel.runtime.ratelimit.UnauthenticatedRequests;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, with 429 and {@code Retry-After}, every request from a client address whose recent requests failed to
 * authenticate more often than {@code funnel.rate-limit.unauthenticated} allows, before any token or signature is
 * verified and before a webhook body is read. The failures are charged where they happen: a refused bearer token in
 * {@link io.leadfunnel.lead.rest.problem.RequestProblemMappers}, a refused webhook delivery in
 * {@link io.leadfunnel.lead.webhook.WebhookResource}. Requests that authenticate are never charged here, and one
 * address's failures cost no other address anything.
 */
public class UnauthenticatedRateLimitFilter {

    // looked up per request: filters may be built before runtime config exists
    private final Instance<UnauthenticatedRequests> unauthenticated;
    private final Instance<ClientAddresses> addresses;

    public UnauthenticatedRateLimitFilter(Instance<UnauthenticatedRequests> unauthenticated,
                                          Instance<ClientAddresses> addresses) {
        this.unauthenticated = unauthenticated;
        this.addresses = addresses;
    }

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Response limit(ContainerRequestContext request, HttpServerRequest http) {
        try {
            unauthenticated.get().check(addresses.get().of(http));
            return null;
        } catch (ProblemException e) {
            return ProblemMappers.respond(e, request.getUriInfo());
        }
    }
}
