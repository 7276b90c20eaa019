package io.leadfunnel.lead.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.lead.rest.dto.ActivityRecorded;
import io.leadfunnel.lead.rest.dto.ActivityRequest;
import io.leadfunnel.lead.rest.dto.LeadPage;
import io.leadfunnel.lead.rest.dto.LeadProfilePatch;
import io.leadfunnel.lead.rest.dto.LeadView;
import io.leadfunnel.lead.rest.dto.NewLeadRequest;
import io.leadfunnel.runtime.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/**
 * The sales-ops API as clients read it in {@code /q/openapi}: paths, roles, and what each operation does and answers.
 * Kept apart from {@link LeadResource} so the resource reads as the request flow. The paths and roles are declared
 * here too because smallrye-openapi reads an interface's descriptions only where the interface declares the
 * operation, and its security requirements only from the roles of that declaration.
 */
@Path("/leads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leads", description = "Sales-ops access to the system of record for leads")
@APIResponse(responseCode = "401", description = "Missing, invalid or expired bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's groups do not include a role this endpoint allows",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "Lead store unavailable or too much contention; retry later",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public interface LeadApi {

    @Operation(summary = "Enter a lead by hand",
            description = "Captures a new lead at stage LEAD (channel \"api\"). The origin defaults from the source. "
                    + "With an Idempotency-Key, a repeat of the same request gets the first answer again, and the "
                    + "lead carries the reference manual:<key>. An e-mail address another lead already has is a "
                    + "409: the existing lead is left untouched and named in the problem.")
    @APIResponse(responseCode = "201", description = "Lead captured",
            headers = @Header(name = "Location", description = "The new lead", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadView.class)))
    @APIResponse(responseCode = "200", description = "The Idempotency-Key's lead already existed (a retry whose first "
            + "answer was lost, or two concurrent captures of the same person)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, unknown or read-only field, invalid value",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Another lead already has this e-mail address (kind lead-exists)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Request body larger than 1 MiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content type is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used before for a different request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response create(@Valid NewLeadRequest request,
                    @Parameter(description = "Makes the request safe to retry: 1-200 printable ASCII characters")
                    @RestHeader(IdempotencyKeys.HEADER) String idempotencyKey,
                    @Context UriInfo uri);

    @Operation(summary = "List leads",
            description = "Newest first, one page at a time. All filters are optional and must all hold. Pass "
                    + "nextCursor as cursor (with the same filters) for the next page; it is null on the last page. "
                    + "Unknown parameters and invalid values are refused with 400 naming the parameter.")
    @APIResponse(responseCode = "200", description = "One page of leads",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadPage.class)))
    @APIResponse(responseCode = "400", description = "An unknown parameter or an invalid value; each is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @GET
    LeadPage list(
            @Parameter(description = "Stage, repeatable or comma-separated: LEAD, MQL, SAL, SQL, WON, LOST, RECYCLED, "
                    + "DISQUALIFIED") @RestQuery List<String> stage,
            @Parameter(description = "Source, repeatable or comma-separated, e.g. WEBINAR, TRADE_SHOW, REFERRAL")
            @RestQuery List<String> source,
            @Parameter(description = "Exactly this owner") @RestQuery String owner,
            @Parameter(description = "Exactly this campaign") @RestQuery String campaign,
            @Parameter(description = "Created at or after: ISO-8601 timestamp with offset, or a date (start of day, UTC)")
            @RestQuery String createdFrom,
            @Parameter(description = "Created before: ISO-8601 timestamp with offset, or a date (start of day, UTC)")
            @RestQuery String createdTo,
            @Parameter(description = "Case-insensitive text in first name, last name, e-mail or company, matched "
                    + "literally (up to 200 characters)") @RestQuery String q,
            @Parameter(description = "Also list erased leads and leads merged into another one (default false)")
            @RestQuery String includeInactive,
            @Parameter(description = "nextCursor of the previous page") @RestQuery String cursor,
            @Parameter(description = "Leads per page, 1-200 (default 50)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200")) @RestQuery String limit,
            @Context UriInfo uri);

    @Operation(summary = "Get a lead with its timeline",
            description = "An erased lead is shown without personal data; a merged lead names the lead it was "
                    + "merged into.")
    @APIResponse(responseCode = "200", description = "The lead and its history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadView.class)))
    @APIResponse(responseCode = "404", description = "No lead has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @GET
    @Path("{id}")
    LeadView get(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id);

    @Operation(summary = "Correct a lead's profile",
            description = "JSON merge patch (RFC 7396) of profile fields: a field with a value sets it, a field with "
                    + "null clears it, an absent field is left alone. Stage, score, owner, team and the other "
                    + "read-only fields cannot be set: a patch naming one is refused with 400 naming the field and "
                    + "the reason, and nothing is stored. Publishes LeadProfileUpdated when something changed.")
    @RequestBody(required = true, content = {
            @Content(mediaType = LeadResource.MERGE_PATCH_JSON, schema = @Schema(implementation = LeadProfilePatch.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadProfilePatch.class))})
    @APIResponse(responseCode = "200", description = "The lead after the change",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, read-only or unknown field, invalid value",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No lead has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The e-mail belongs to another lead (email-taken), or the lead "
            + "was erased or merged (conflict)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Request body larger than 1 MiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content type is neither application/merge-patch+json nor "
            + "application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @PATCH
    @Path("{id}")
    @Consumes({LeadResource.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON})
    LeadView update(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id, JsonNode patch);

    @Operation(summary = "Record an activity of a lead",
            description = "Typed engagement that scoring-service counts. With an activityId, a repeat is recorded "
                    + "once (200, recorded=false); without one an id is generated. Publishes LeadActivityRecorded.")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ActivityRecorded.class)))
    @APIResponse(responseCode = "200", description = "An activity with this id was recorded before; nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ActivityRecorded.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, unknown field, missing or invalid value",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No lead has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The lead was erased or merged into another one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Request body larger than 1 MiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content type is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @POST
    @Path("{id}/activities")
    @Consumes(MediaType.APPLICATION_JSON)
    Response recordActivity(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id,
                            @Valid ActivityRequest request);

    @Operation(summary = "Erase a lead's personal data",
            description = "Removes names, e-mail, company, title and external references; keeps the anonymous funnel "
                    + "facts (stages, times, source, segment). Publishes LeadErased so every service drops its copy. "
                    + "Erasing again is harmless (204).")
    @APIResponse(responseCode = "204", description = "Erased (now or before)")
    @APIResponse(responseCode = "404", description = "No lead has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.SALES_OPS, Roles.ADMIN})
    @DELETE
    @Path("{id}")
    void erase(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id);
}
