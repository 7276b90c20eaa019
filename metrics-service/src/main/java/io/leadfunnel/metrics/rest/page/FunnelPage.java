package io.leadfunnel.metrics.rest.page;

import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.service.FunnelQueries;
import io.leadfunnel.metrics.service.FunnelQuery;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/**
 * The funnel page: bars with counts and rates, velocity, SLA, revenue and a by-source table for a date range, rendered
 * on the server. It shows aggregate figures only (no lead ids, names or owners beyond SLA breach counts) and is open to
 * anyone who can reach the port, like a wall display; put it behind the company's login proxy where that is not wanted.
 */
@Path("/")
@PermitAll
public class FunnelPage {

    private final FunnelQueries queries;
    private final Template funnel;

    public FunnelPage(FunnelQueries queries, Template funnel) {
        this.queries = queries;
        this.funnel = funnel;
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

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The funnel page (HTML)")
    public Response page(@QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("asOf") String asOf) {
        FunnelQuery q = queries.query(from, to, asOf, null, null, null, null, null, null);
        FunnelQuery bySource = new FunnelQuery(q.period(), q.asOf(), Dimension.SOURCE, null, q.window(),
                q.stuckAfter(), q.blackHoleAfter(), q.target());
        FunnelQuery noBuckets = new FunnelQuery(q.period(), q.asOf(), null, null, q.window(), q.stuckAfter(),
                q.blackHoleAfter(), q.target());
        TemplateInstance page = funnel.data("view", new FunnelPageView(from, to, q.asOf().toString(),
                queries.conversion(noBuckets), queries.conversion(bySource), queries.velocity(q), queries.sla(q),
                queries.revenue(q)));
        Response.ResponseBuilder response = Response.ok(page.render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        SECURITY_HEADERS.forEach(response::header);
        return response.build();
    }
}
