package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.domain.RoutingTable;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.service.NotFoundException;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.runtime.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** Routing rules and sales reps, maintained by sales-ops. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SALES_OPS, Roles.ADMIN})
public class RoutingResource {

    private final RoutingService routing;

    public RoutingResource(RoutingService routing) {
        this.routing = routing;
    }

    /** A rep's settings; the id is in the path. */
    public record RepBody(String team, Integer weight, Boolean available, Integer capacity) {
    }

    @GET
    @Path("routing")
    @Operation(summary = "The routing rules in order, the fallback queue and the teams' manager queues")
    public RoutingTable table() {
        return routing.storedTable();
    }

    @PUT
    @Path("routing")
    @Operation(summary = "Replace the routing table")
    public RoutingTable replaceTable(RoutingTable table) {
        if (table == null) {
            throw ProblemException.invalidField("/", "a routing table is required");
        }
        routing.saveTable(table);
        return routing.storedTable();
    }

    @GET
    @Path("reps")
    public List<SalesRep> reps() {
        return routing.storedReps();
    }

    @PUT
    @Path("reps/{id}")
    @Operation(summary = "Create or change a rep: team, round-robin weight, availability, capacity")
    public SalesRep saveRep(@PathParam("id") String id, RepBody body) {
        if (body == null || body.team() == null || body.team().isBlank()) {
            throw ProblemException.invalidField("/team", "a rep needs a team");
        }
        SalesRep rep = new SalesRep(id, body.team(), body.weight() == null ? 1 : body.weight(),
                body.available() == null || body.available(), body.capacity() == null ? 0 : body.capacity());
        routing.saveRep(rep);
        return rep;
    }

    @DELETE
    @Path("reps/{id}")
    public void deleteRep(@PathParam("id") String id) {
        if (!routing.deleteRep(id)) {
            throw new NotFoundException("no rep " + id);
        }
    }
}
