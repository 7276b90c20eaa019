package io.leadfunnel.metrics.rest;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters every funnel endpoint takes; all optional. */
public class FunnelParams {

    @QueryParam("from")
    @Parameter(description = "Start of the period, inclusive: a date (2026-09-07, midnight UTC) or an instant at "
            + "midnight UTC; the reports count whole UTC days, so any other instant is a 400 naming from")
    public String from;

    @QueryParam("to")
    @Parameter(description = "End of the period, exclusive: a date or an instant at midnight UTC (any other is a 400 "
            + "naming to)")
    public String to;

    @QueryParam("asOf")
    @Parameter(description = "The moment current-state figures (stuck, black hole, cohort maturity) refer to; now "
            + "by default")
    public String asOf;

    @QueryParam("groupBy")
    @Parameter(description = "source, campaign, origin, segment, industry, owner, team, definitionVersion or scoreBand; "
            + "every report takes it. Conversion, velocity, drop-off, SLA and revenue add the figures per value in "
            + "groups (revenue keeps its by-segment figures); lift shows that dimension only. Any other value is a "
            + "400 naming groupBy")
    public String groupBy;

    @QueryParam("bucket")
    @Parameter(description = "day, week (default, Monday UTC) or month, for cohort conversion and flow ratio")
    public String bucket;

    @QueryParam("window")
    @Parameter(description = "Cohort window as an ISO-8601 duration (default P30D): whole hours up to PT48H, whole "
            + "days beyond (any other is a 400 naming window)")
    public String window;

    @QueryParam("stuckAfter")
    @Parameter(description = "Drop-off: an open lead longer than this in its stage is stuck (default P14D)")
    public String stuckAfter;

    @QueryParam("blackHoleAfter")
    @Parameter(description = "SLA: an MQL without action for longer than this is in the black hole (default P2D)")
    public String blackHoleAfter;

    @QueryParam("target")
    @Parameter(description = "Lift: the stage conversion is measured to (default WON)")
    public String target;
}
