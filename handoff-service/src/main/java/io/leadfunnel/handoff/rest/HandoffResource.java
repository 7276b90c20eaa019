package io.leadfunnel.handoff.rest;

import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.service.LifecycleService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Hand-off queues and the black-hole report. */
@Path("/handoffs")
@Produces(MediaType.APPLICATION_JSON)
public class HandoffResource {

    private static final int MAX = 500;

    private final LifecycleService lifecycles;
    private final Clock clock;

    public HandoffResource(LifecycleService lifecycles, Clock clock) {
        this.lifecycles = lifecycles;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "A queue of hand-offs by owner (a rep or queue:<name>) and stage; "
            + "open ones unless a stage is given")
    public List<HandoffView> list(@QueryParam("owner") String owner, @QueryParam("status") Stage status,
                                  @QueryParam("limit") @DefaultValue("100") int limit) {
        Instant now = clock.instant();
        return lifecycles.handoffs(blankToNull(owner), status, status == null, Math.min(Math.max(limit, 1), MAX))
                .stream().map(l -> HandoffView.of(l, now)).toList();
    }

    @GET
    @Path("/overdue")
    @RolesAllowed({Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "Open hand-offs that breached an SLA or whose clock ran out: the black-hole report")
    public List<HandoffView> overdue(@QueryParam("limit") @DefaultValue("100") int limit) {
        Instant now = clock.instant();
        return lifecycles.overdue(Math.min(Math.max(limit, 1), MAX)).stream().map(l -> HandoffView.of(l, now)).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
