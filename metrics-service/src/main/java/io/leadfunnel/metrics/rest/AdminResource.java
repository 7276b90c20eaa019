package io.leadfunnel.metrics.rest;

import io.leadfunnel.metrics.service.RebuildStatus;
import io.leadfunnel.metrics.service.StoreRebuild;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Rebuilding the facts from the event log. */
@Path("/admin/rebuild")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "jwt")
public class AdminResource {

    private final StoreRebuild rebuild;

    public AdminResource(StoreRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Operation(summary = "Replays the topics from the beginning into a fresh store and switches over when done "
            + "(202; 409 while one runs)")
    public Response start() {
        RebuildStatus status = rebuild.start();
        return Response.accepted(status).location(URI.create("/admin/rebuild")).build();
    }

    @GET
    @Operation(summary = "State of the latest rebuild")
    public RebuildStatus status() {
        return rebuild.status();
    }
}
