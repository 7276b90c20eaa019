package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.rest.problem.Problem;
import io.leadfunnel.scoring.rest.problem.ProblemException;
import io.leadfunnel.scoring.service.ModelCatalog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/** The versioned scoring model: marketing and admin change it; sales, sales-ops and metrics readers may read it. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelCatalog catalog;

    public ModelResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN, Roles.SALES, Roles.SALES_OPS, Roles.METRICS_READER})
    public List<ModelView> list() {
        return catalog.list().stream().map(ModelView::of).toList();
    }

    @GET
    @Path("active")
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN, Roles.SALES, Roles.SALES_OPS, Roles.METRICS_READER})
    public ModelView active() {
        return ModelView.of(catalog.active());
    }

    @GET
    @Path("{version}")
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN, Roles.SALES, Roles.SALES_OPS, Roles.METRICS_READER})
    public ModelView get(@PathParam("version") int version) {
        return ModelView.of(found(version));
    }

    /** Stores a validated draft; 422 names every invalid field. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN})
    public Response create(ModelRequest request, @Context SecurityContext security, @Context UriInfo uri) {
        if (request == null) {
            throw ProblemException.malformed("a model is required", null);
        }
        try {
            ModelCatalog.Entry created = catalog.createDraft(request.toDraft(),
                    security.getUserPrincipal().getName());
            return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(created.stored().model()
                    .version())).build()).entity(ModelView.of(created)).build();
        } catch (ModelCatalog.InvalidModelException e) {
            throw ProblemException.invalidModel(e.faults().stream()
                    .map(f -> new Problem.FieldError(f.field(), f.detail())).toList());
        }
    }

    private ModelCatalog.Entry found(int version) {
        return catalog.get(version).orElseThrow(() -> ProblemException.notFound("no model version " + version));
    }
}
