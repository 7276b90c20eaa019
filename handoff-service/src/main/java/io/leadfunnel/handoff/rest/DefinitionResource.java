package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.domain.ApprovalSide;
import io.leadfunnel.handoff.service.DefinitionService;
import io.leadfunnel.handoff.service.NotFoundException;
import io.leadfunnel.runtime.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** The agreed lead definition: versions, drafts, approvals by marketing and sales, activation and diffs. */
@Path("/definitions")
@Produces(MediaType.APPLICATION_JSON)
public class DefinitionResource {

    private final DefinitionService definitions;
    private final SecurityIdentity identity;

    public DefinitionResource(DefinitionService definitions, SecurityIdentity identity) {
        this.definitions = definitions;
        this.identity = identity;
    }

    /** Body of an approval: the side the caller signs for. */
    public record ApprovalRequest(ApprovalSide side) {
    }

    /** One changed value. */
    public record ChangeView(String path, Object from, Object to) {
    }

    /** What changed from version {@code from} to version {@code to}. */
    public record DiffView(int from, int to, List<ChangeView> changes) {
    }

    @GET
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "Every version, oldest first")
    public List<DefinitionView> all() {
        return definitions.all().stream().map(DefinitionView::of).toList();
    }

    @GET
    @Path("/active")
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "The version in force")
    public DefinitionView active() {
        int version = definitions.activeVersion().orElseThrow(() -> new NotFoundException("no active definition"));
        return DefinitionView.of(definitions.get(version));
    }

    @GET
    @Path("/{version}")
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    public DefinitionView get(@PathParam("version") int version) {
        return DefinitionView.of(definitions.get(version));
    }

    @POST
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "Create a draft with the next version number")
    public Response create(DefinitionBody body, @Context UriInfo uri) {
        DefinitionView created = DefinitionView.of(definitions.create(require(body).toDefinition(), user()));
        return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(created.version())).build())
                .entity(created).build();
    }

    @PUT
    @Path("/{version}")
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "Replace a draft's content; clears its approvals")
    public DefinitionView edit(@PathParam("version") int version, DefinitionBody body) {
        return DefinitionView.of(definitions.edit(version, require(body).toDefinition()));
    }

    @POST
    @Path("/{version}/approvals")
    @RolesAllowed({Roles.MARKETING, Roles.SALES})
    @Operation(summary = "Approve a draft for marketing or for sales (the caller must hold that role)")
    public DefinitionView approve(@PathParam("version") int version, ApprovalRequest request) {
        if (request == null || request.side() == null) {
            throw ProblemException.invalidField("/side", "side is required: MARKETING or SALES");
        }
        return DefinitionView.of(definitions.approve(version, request.side(), user(), identity.getRoles()));
    }

    @POST
    @Path("/{version}/activate")
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "Activate an approved version; the previous one is retired in the same step")
    public DefinitionView activate(@PathParam("version") int version) {
        return DefinitionView.of(definitions.activate(version, user()));
    }

    @GET
    @Path("/{a}/diff/{b}")
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "Every value that differs between two versions, by JSON path")
    public DiffView diff(@PathParam("a") int a, @PathParam("b") int b) {
        return new DiffView(a, b, definitions.diff(a, b).stream()
                .map(c -> new ChangeView(c.path(), c.from(), c.to())).toList());
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private static DefinitionBody require(DefinitionBody body) {
        if (body == null) {
            throw ProblemException.invalidField("/", "a definition body is required");
        }
        return body;
    }
}
