package io.leadfunnel.scoring.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadfunnel.runtime.problem.JsonProblems;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.scoring.service.ModelActivation;
import io.leadfunnel.scoring.service.ModelCatalog;
import io.leadfunnel.scoring.service.ModelPreview;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The versioned scoring model: marketing and admin change it; sales, sales-ops and metrics readers may read it. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelCatalog catalog;
    private final ModelPreview preview;
    private final ModelActivation activation;
    private final ObjectMapper json;

    public ModelResource(ModelCatalog catalog, ModelPreview preview, ModelActivation activation, ObjectMapper json) {
        this.catalog = catalog;
        this.preview = preview;
        this.activation = activation;
        this.json = json;
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

    /** Stores a validated draft; 422 {@code invalid-model} names every invalid field. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN})
    public Response create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = ModelRequest.class))) byte[] body,
                           @Context SecurityContext security, @Context UriInfo uri) {
        ModelRequest request = read(body);
        ModelCatalog.Entry created = catalog.createDraft(request.toDraft(), security.getUserPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(created.stored().model()
                .version())).build()).entity(ModelView.of(created)).build();
    }

    /**
     * Reads the body here rather than through the JSON body reader, so that a field at fault is named as a JSON
     * pointer ({@code /halfLifeDays}), like the fields {@code invalid-model} names.
     */
    private ModelRequest read(byte[] body) {
        ModelRequest request;
        try {
            request = body == null || body.length == 0 ? null : json.readValue(body, ModelRequest.class);
        } catch (JsonProcessingException e) {
            ProblemException problem = JsonProblems.of(e);
            throw new ProblemException(problem.status(), problem.kind(), problem.title(), problem.getMessage(),
                    problem.errors().stream().map(f -> new Problem.FieldError(pointer(f.field()), f.detail()))
                            .toList(), problem.headers());
        } catch (IOException e) {
            throw ProblemException.malformed("the body could not be read", null);
        }
        if (request == null) {
            throw ProblemException.malformed("a model is required", null);
        }
        return request;
    }

    private static String pointer(String field) {
        return field == null || field.startsWith("/") ? field : "/" + field;
    }

    /**
     * Scores the current leads under this version and the active one, publishing nothing, and reports the
     * difference. {@code mqlThreshold} overrides the threshold whose crossings are counted (default: the version's
     * own {@code mqlThreshold}).
     */
    @POST
    @Path("{version}/preview")
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN})
    public PreviewView preview(@PathParam("version") int version,
                                       @QueryParam("mqlThreshold") Integer mqlThreshold) {
        if (mqlThreshold != null && (mqlThreshold < 0 || mqlThreshold > 100)) {
            throw ProblemException.invalid("mqlThreshold must be 0..100",
                    List.of(new Problem.FieldError("mqlThreshold", "must be between 0 and 100")));
        }
        return preview.preview(version, Optional.ofNullable(mqlThreshold)).map(PreviewView::of)
                .orElseThrow(() -> ProblemException.notFound("no model version " + version));
    }

    /**
     * Makes the version active: new events are scored with it at once, and every stored lead is re-scored in the
     * background. 202 with the progress; follow it at {@code /models/{version}/rescoring}. On the active version
     * whose re-scoring {@code failed}, starts the re-scoring again (202); otherwise the active version is 409.
     */
    @POST
    @Path("{version}/activate")
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN})
    public Response activate(@PathParam("version") int version, @Context UriInfo uri) {
        RescoringView progress = activation.activate(version).map(RescoringView::of)
                .orElseThrow(() -> ProblemException.notFound("no model version " + version));
        return Response.accepted(progress)
                .location(uri.getBaseUriBuilder().path("models").path(Integer.toString(version))
                        .path("rescoring").build())
                .build();
    }

    @GET
    @Path("{version}/rescoring")
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN, Roles.SALES, Roles.SALES_OPS, Roles.METRICS_READER})
    public RescoringView rescoring(@PathParam("version") int version) {
        return activation.progress(version).map(RescoringView::of).orElseThrow(() -> ProblemException.notFound(
                "model version " + version + " does not exist or was never activated"));
    }

    private ModelCatalog.Entry found(int version) {
        return catalog.get(version).orElseThrow(() -> ProblemException.notFound("no model version " + version));
    }
}
