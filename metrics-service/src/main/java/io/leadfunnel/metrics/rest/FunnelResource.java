package io.leadfunnel.metrics.rest;

import io.leadfunnel.metrics.rest.dto.ConversionView;
import io.leadfunnel.metrics.rest.dto.DropOffView;
import io.leadfunnel.metrics.rest.dto.LiftView;
import io.leadfunnel.metrics.rest.dto.RevenueView;
import io.leadfunnel.metrics.rest.dto.SlaView;
import io.leadfunnel.metrics.rest.dto.VelocityView;
import io.leadfunnel.metrics.service.FunnelQueries;
import io.leadfunnel.metrics.service.FunnelQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The shared funnel metrics. Every endpoint answers JSON, or CSV with {@code Accept: text/csv}, and takes the query
 * parameters of {@link FunnelParams}. Readable by {@code metrics-reader} and every other role.
 */
@Path("/funnel")
@RolesAllowed({Roles.METRICS_READER, Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
@Tag(name = "funnel", description = "Conversion, velocity, drop-off, SLA, revenue and lift, computed from the events")
@SecurityRequirement(name = "jwt")
public class FunnelResource {

    static final String CSV = "text/csv";

    private final FunnelQueries queries;

    public FunnelResource(FunnelQueries queries) {
        this.queries = queries;
    }

    private FunnelQuery query(FunnelParams p) {
        return queries.query(p.from, p.to, p.asOf, p.groupBy, p.bucket, p.window, p.stuckAfter, p.blackHoleAfter,
                p.target);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Conversion: stage counts, next-step and cumulative rates, lead to won, lead status, groups, "
            + "cohort conversion and flow ratio per bucket (each labelled)")
    public ConversionView conversion(@BeanParam FunnelParams params) {
        return ConversionView.of(queries.conversion(query(params)));
    }

    @GET
    @Produces(CSV)
    @Operation(hidden = true)
    public String conversionCsv(@BeanParam FunnelParams params) {
        return Csv.conversion(queries.conversion(query(params)));
    }

    @GET
    @Path("velocity")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Median and 90th percentile time in each stage (converters only) and lead-to-won cycle time",
            description = "With groupBy (any dimension), the same figures per value of that dimension in groups.")
    public VelocityView velocity(@BeanParam FunnelParams params) {
        return VelocityView.of(queries.velocity(query(params)));
    }

    @GET
    @Path("velocity")
    @Produces(CSV)
    @Operation(hidden = true)
    public String velocityCsv(@BeanParam FunnelParams params) {
        return Csv.velocity(queries.velocity(query(params)));
    }

    @GET
    @Path("drop-off")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rejection reasons by source, disqualification and loss reasons, exits, stuck leads",
            description = "With groupBy (any dimension), the same figures per value of that dimension in groups.")
    public DropOffView dropOff(@BeanParam FunnelParams params) {
        return DropOffView.of(queries.dropOff(query(params)));
    }

    @GET
    @Path("drop-off")
    @Produces(CSV)
    @Operation(hidden = true)
    public String dropOffCsv(@BeanParam FunnelParams params) {
        return Csv.dropOff(queries.dropOff(query(params)));
    }

    @GET
    @Path("sla")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "SLA compliance, breaches by owner, time to accept, speed-to-lead bands, black hole",
            description = "With groupBy (any dimension), the same figures per value of that dimension in groups; "
                    + "owner and team group each lead by its latest owner and team.")
    public SlaView sla(@BeanParam FunnelParams params) {
        return SlaView.of(queries.sla(query(params)));
    }

    @GET
    @Path("sla")
    @Produces(CSV)
    @Operation(hidden = true)
    public String slaCsv(@BeanParam FunnelParams params) {
        return Csv.sla(queries.sla(query(params)));
    }

    @GET
    @Path("revenue")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Won revenue, average order, win rate, expected revenue of open SQLs by segment",
            description = "Always overall and by segment (bySegment). With groupBy (any dimension: source, campaign, "
                    + "owner, team...), also per value of that dimension in groups; overall and bySegment stay the "
                    + "same.")
    public RevenueView revenue(@BeanParam FunnelParams params) {
        return RevenueView.of(queries.revenue(query(params)));
    }

    @GET
    @Path("revenue")
    @Produces(CSV)
    @Operation(hidden = true)
    public String revenueCsv(@BeanParam FunnelParams params) {
        return Csv.revenue(queries.revenue(query(params)));
    }

    @GET
    @Path("lift")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Conversion lift by source, industry, size segment and score band against the overall rate",
            description = "With groupBy (any dimension), the lift of that dimension's values only.")
    public LiftView lift(@BeanParam FunnelParams params) {
        return LiftView.of(queries.lift(query(params)));
    }

    @GET
    @Path("lift")
    @Produces(CSV)
    @Operation(hidden = true)
    public String liftCsv(@BeanParam FunnelParams params) {
        return Csv.lift(queries.lift(query(params)));
    }
}
