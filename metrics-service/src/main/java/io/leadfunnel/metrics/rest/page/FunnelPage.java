package io.leadfunnel.metrics.rest.page;

import io.leadfunnel.metrics.config.PageConfig;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.rest.Roles;
import io.leadfunnel.metrics.service.FunnelQueries;
import io.leadfunnel.metrics.service.FunnelQuery;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;

/**
 * The funnel page: bars with counts and rates, velocity, SLA, revenue and by-source and by-campaign tables (conversion, and revenue for a
 * logged-in reader) for a date range, rendered
 * on the server. By default ({@code funnel.page.access=login}) it shows nothing without a login: a browser is sent to
 * the identity provider (OpenID Connect authorization code flow, tenant {@code page}), and only a user with one of the
 * roles that may read the metrics sees the figures; other users get 403. A bearer token of such a role is accepted too,
 * as on the API. An operator may choose {@code anonymous} instead: then anyone sees the conversion counts and nothing
 * else (no revenue, SLA figures or owner names).
 * <p>
 * The check is made here rather than with {@code @RolesAllowed} because the configured access decides whether a login
 * is needed at all; the HTTP permissions in {@code application.properties} decide which mechanisms may authenticate.
 */
@Path("/")
@PermitAll
public class FunnelPage {

    /** The roles that may see every figure: the readers of {@code /funnel}. */
    static final List<String> READERS = List.of(Roles.METRICS_READER, Roles.MARKETING, Roles.SALES, Roles.SALES_OPS,
            Roles.ADMIN);

    private final FunnelQueries queries;
    private final Template funnel;
    private final PageConfig config;
    private final SecurityIdentity identity;

    public FunnelPage(FunnelQueries queries, Template funnel, PageConfig config, SecurityIdentity identity) {
        this.queries = queries;
        this.funnel = funnel;
        this.config = config;
        this.identity = identity;
    }

    /**
     * Security headers of the page: scripts only from this origin (the page has no inline script; inline styles are
     * allowed for the bar widths), no framing, no referrer, no sniffing, and no caching of the figures.
     */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                    + "frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    /**
     * Hidden from the OpenAPI document: it is a page for browsers, reached through the identity provider's login, not
     * an operation of the API (its access is tested by {@code FunnelPageLoginTest}).
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("asOf") String asOf) {
        boolean detailed = config.access() == PageConfig.Access.LOGIN;
        if (detailed) {
            if (identity.isAnonymous()) {
                // the authentication mechanism's challenge: a redirect to the identity provider (401 for a bad token)
                throw new UnauthorizedException();
            }
            if (READERS.stream().noneMatch(identity::hasRole)) {
                throw new ForbiddenException();
            }
        }
        FunnelQuery q = queries.query(from, to, asOf, null, null, null, null, null, null);
        FunnelQuery bySource = grouped(q, Dimension.SOURCE);
        FunnelQuery byCampaign = grouped(q, Dimension.CAMPAIGN);
        FunnelQuery noBuckets = grouped(q, null);
        FunnelPageView view = detailed
                ? new FunnelPageView(from, to, q.asOf().toString(), queries.conversion(noBuckets),
                        queries.conversion(bySource), queries.conversion(byCampaign), queries.velocity(q).all(),
                        queries.sla(q).all(), queries.revenue(bySource), queries.revenue(byCampaign))
                : FunnelPageView.countsOnly(from, to, q.asOf().toString(), queries.conversion(noBuckets),
                        queries.conversion(bySource), queries.conversion(byCampaign));
        TemplateInstance page = funnel.data("view", view);
        Response.ResponseBuilder response = Response.ok(page.render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        SECURITY_HEADERS.forEach(response::header);
        return response.build();
    }

    /** The query without buckets (the page shows no cohorts), grouped by {@code dimension}. */
    private static FunnelQuery grouped(FunnelQuery q, Dimension dimension) {
        return new FunnelQuery(q.period(), q.asOf(), dimension, null, q.window(), q.stuckAfter(), q.blackHoleAfter(),
                q.target(), q.counts());
    }
}
