package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.config.LeadServiceConfig;
import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.runtime.net.ClientAddresses;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.ratelimit.UnauthenticatedRequests;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The CRM webhooks. Authenticated by the sender's signature (Salesforce: the endpoint URL's token, then the org
 * allow-list), not by a bearer token, hence {@code @PermitAll}. Every check runs on the raw bytes before anything is
 * parsed, every item is validated before anything is stored, and the answer is 2xx only once everything is durable in
 * MongoDB. A request refused before its sender is proven is charged to its client address
 * ({@link UnauthenticatedRequests}); only a proven delivery is charged to its source's bucket
 * ({@link WebhookRateLimits}). See docs/webhooks.md.
 */
@Path("/webhooks")
@PermitAll
@Blocking
@Tag(name = "webhooks", description = "Lead deliveries from CRMs and other signed senders")
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    private static final Set<String> JSON = Set.of(MediaType.APPLICATION_JSON);
    private static final Set<String> XML = Set.of(MediaType.TEXT_XML, MediaType.APPLICATION_XML);
    private static final String TEXT_XML_UTF8 = MediaType.TEXT_XML + ";charset=UTF-8";

    private final LeadServiceConfig.Webhooks config;
    private final HubSpotWebhook hubspot;
    private final SalesforceWebhook salesforce;
    private final GenericWebhook generic;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final SalesforceEndpointToken salesforceToken;
    private final WebhookRateLimits limits;
    private final UnauthenticatedRequests unauthenticated;
    private final ClientAddresses addresses;

    public WebhookResource(LeadServiceConfig config, HubSpotWebhook hubspot, SalesforceWebhook salesforce,
                           GenericWebhook generic, WebhookMetrics metrics, Clock clock,
                           SalesforceEndpointToken salesforceToken, WebhookRateLimits limits,
                           UnauthenticatedRequests unauthenticated, ClientAddresses addresses) {
        this.config = config.webhooks();
        this.hubspot = hubspot;
        this.salesforce = salesforce;
        this.generic = generic;
        this.metrics = metrics;
        this.clock = clock;
        this.salesforceToken = salesforceToken;
        this.limits = limits;
        this.unauthenticated = unauthenticated;
        this.addresses = addresses;
    }

    @POST
    @Path("/hubspot")
    @Operation(summary = "HubSpot Webhooks API deliveries (contact events), signed with signature v3")
    public Response hubspot(InputStream in, @Context HttpHeaders headers, @Context UriInfo uri,
                            @Context HttpServerRequest http) {
        return counted(HubSpotWebhook.CHANNEL, () -> {
            byte[] body = beforeAuthentication(http, () -> {
                List<String> secrets = Hmac.secrets(config.hubspot().secret(), config.hubspot().previousSecret());
                if (secrets.isEmpty()) {
                    throw ProblemException.notFound("the HubSpot webhook is not configured");
                }
                RawBody.requireContentType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), JSON);
                byte[] raw = RawBody.read(in, config.maxBodyBytes());
                HubSpotSignature.verify(secrets, "POST", signedUri(config.publicBaseUrl(), uri.getRequestUri()), raw,
                        headers.getHeaderString(HubSpotSignature.SIGNATURE_HEADER),
                        headers.getHeaderString(HubSpotSignature.TIMESTAMP_HEADER),
                        headers.getHeaderString(HubSpotSignature.LEGACY_SIGNATURE_HEADER) != null,
                        clock.instant(), config.replayTolerance());
                return raw;
            });
            limits.charge(HubSpotWebhook.CHANNEL);
            List<HubSpotEvent> events = HubSpotDeliveryParser.parse(body, config.maxBatchSize(), clock.instant(),
                    config.replayTolerance());
            WebhookSummary summary = hubspot.handle(events);
            return Response.ok(WebhookJson.write(summary), MediaType.APPLICATION_JSON).build();
        });
    }

    @POST
    @Path("/salesforce")
    @Operation(summary = "Salesforce outbound messages (SOAP 1.1) of Lead records, from allow-listed orgs; the "
            + "endpoint URL carries the configured token (?token=)")
    public Response salesforce(InputStream in, @Context HttpHeaders headers,
                               @Parameter(description = "the secret of the endpoint URL configured in Salesforce")
                               @QueryParam(SalesforceEndpointToken.PARAMETER) List<String> token,
                               @Context HttpServerRequest http) {
        return counted(SalesforceWebhook.CHANNEL, () -> {
            beforeAuthentication(http, () -> {
                if (!salesforceToken.configured()) {
                    throw ProblemException.notFound("the Salesforce webhook is not configured");
                }
                salesforceToken.verify(token);
                return null;
            });
            limits.charge(SalesforceWebhook.CHANNEL);
            RawBody.requireContentType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), XML);
            byte[] body = RawBody.read(in, config.maxBodyBytes());
            SalesforceMessage message = SalesforceMessageParser.parse(body, config.maxBatchSize());
            if (message.organizationId() == null) {
                throw ProblemException.invalidField("OrganizationId", "is required");
            }
            List<String> allowed = config.salesforce().organizationIds().orElse(List.of());
            if (!SalesforceOrganizations.allowed(allowed, message.organizationId())) {
                LOG.warnf("Salesforce outbound message from organization %s refused: not allow-listed",
                        forLog(message.organizationId()));
                throw ProblemException.forbidden("this Salesforce organization is not allowed to send leads",
                        "OrganizationId");
            }
            List<SalesforceLead> leads = SalesforceLeadMapping.map(message, clock.instant(), (field, reason) -> {
                LOG.warnf("Salesforce outbound message: value of %s skipped: %s", field, reason);
                metrics.skippedValue(SalesforceWebhook.CHANNEL, field);
            });
            salesforce.handle(leads);
            return Response.ok(SalesforceWebhook.acknowledgement(), TEXT_XML_UTF8).build();
        });
    }

    @POST
    @Path("/{source}")
    @Operation(summary = "Leads from any configured sender, in the documented JSON format, Funnel-Signature signed")
    public Response generic(@PathParam("source") String source, InputStream in, @Context HttpHeaders headers,
                            @HeaderParam(Headers.IDEMPOTENCY_KEY) String idempotencyKey,
                            @Context HttpServerRequest http) {
        LeadServiceConfig.Generic sender = config.generic().get(source);
        return counted(sender == null ? "webhook:unknown" : GenericWebhook.channel(source), () -> {
            byte[] body = beforeAuthentication(http, () -> {
                if (sender == null) {
                    throw ProblemException.notFound("no webhook sender named " + source + " is configured");
                }
                RawBody.requireContentType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), JSON);
                byte[] raw = RawBody.read(in, config.maxBodyBytes());
                FunnelSignature.verify(Hmac.secrets(Optional.of(sender.secret()), sender.previousSecret()),
                        headers.getHeaderString(FunnelSignature.HEADER), raw, clock.instant(),
                        config.replayTolerance());
                return raw;
            });
            limits.charge(source);
            // what a repeated Idempotency-Key is compared with; without a key nothing reads it
            String requestHash = idempotencyKey == null ? null : Hmac.sha256Hex(body);
            if (idempotencyKey != null) {
                Optional<DeliveryDocument> first = generic.firstAnswer(source, idempotencyKey, requestHash);
                if (first.isPresent()) {
                    metrics.duplicates(GenericWebhook.channel(source), 1);
                    return Response.status(first.get().status).type(MediaType.APPLICATION_JSON)
                            .entity(first.get().response).header(Headers.IDEMPOTENT_REPLAYED, "true").build();
                }
            }
            List<GenericLead> leads = GenericLeadParser.parse(body, source, config.maxBatchSize(), clock.instant(),
                    config.replayTolerance());
            WebhookSummary summary = generic.handle(source, leads);
            String json = WebhookJson.write(summary);
            if (idempotencyKey != null) {
                generic.rememberAnswer(source, idempotencyKey, requestHash, summary, json);
            }
            return Response.ok(json, MediaType.APPLICATION_JSON).build();
        });
    }

    /**
     * The URI HubSpot signed: the configured public base URL plus the path and query this service received (behind a
     * proxy the service's own view of scheme and host differs from the sender's), else the request's absolute URI.
     */
    static String signedUri(Optional<String> publicBaseUrl, URI request) {
        Optional<String> base = publicBaseUrl.map(String::trim).filter(s -> !s.isEmpty());
        if (base.isEmpty()) {
            return request.toString();
        }
        String prefix = base.get().endsWith("/") ? base.get().substring(0, base.get().length() - 1) : base.get();
        return prefix + request.getRawPath() + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery());
    }

    /** An organization id as the log may show it: the id itself, or only its length when it is not an id. */
    static String forLog(String organizationId) {
        return organizationId.matches("[A-Za-z0-9]{1,18}") ? organizationId
                : "(not an organization id, " + organizationId.length() + " characters)";
    }

    /**
     * Runs the steps that prove who sent a delivery. A refusal among them (unknown sender, wrong content type or size,
     * missing or wrong signature or token) is charged to the client address, which is refused with 429 for a while
     * once it has failed too often (UnauthenticatedRateLimitFilter); the source's own bucket is not touched.
     */
    private <T> T beforeAuthentication(HttpServerRequest http, Supplier<T> steps) {
        try {
            return steps.get();
        } catch (ProblemException e) {
            unauthenticated.failed(addresses.of(http));
            throw e;
        }
    }

    private Response counted(String channel, Supplier<Response> handler) {
        try {
            Response response = handler.get();
            metrics.delivery(channel, Integer.toString(response.getStatus()));
            return response;
        } catch (ProblemException e) {
            metrics.delivery(channel, Integer.toString(e.status()));
            throw e;
        } catch (RuntimeException e) {
            // mapped to 503 or 500 by ProblemMappers
            metrics.delivery(channel, "error");
            throw e;
        }
    }
}
