package io.leadfunnel.lead.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.leadfunnel.events.Actor;
import io.leadfunnel.lead.config.ApiConfig;
import io.leadfunnel.lead.domain.EventTimes;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.repository.LeadQuery;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.lead.rest.dto.ActivityRecorded;
import io.leadfunnel.lead.rest.dto.ActivityRequest;
import io.leadfunnel.lead.rest.dto.LeadPage;
import io.leadfunnel.lead.rest.dto.LeadProfilePatch;
import io.leadfunnel.lead.rest.dto.LeadView;
import io.leadfunnel.lead.rest.dto.NewLeadRequest;
import io.leadfunnel.lead.service.IntakeResult;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.lead.service.LeadIntake;
import io.leadfunnel.lead.service.LeadNotFoundException;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
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

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The sales-ops API: look up, enter and correct leads, report engagement, erase personal data. Stage, score and owner
 * are shown but never set here: handoff-service and scoring-service own them.
 */
@Path("/leads")
@BodyLimit
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leads", description = "Sales-ops access to the system of record for leads")
@APIResponse(responseCode = "401", description = "Missing, invalid or expired bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's groups do not include a role this endpoint allows",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "Lead store unavailable or too much contention; retry later",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class LeadResource {

    /** RFC 7396 JSON merge patch. */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    /** The channel manual entries are recorded under (timeline, {@code LeadCaptured.channel}). */
    public static final String CHANNEL = "api";
    /** The reference system of leads entered with an {@code Idempotency-Key}. */
    public static final String MANUAL_REF_SYSTEM = "manual";
    /** How far in the future an activity time may lie (clock skew between systems). */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Pattern LEAD_ID = Pattern.compile("[0-9a-f]{24}");
    /** Canonical JSON of a request for the idempotency hash: same content, same hash, whatever the key order. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final LeadIntake intake;
    private final LeadRepository leads;
    private final IdempotencyKeys idempotencyKeys;
    private final ApiConfig config;
    private final Clock clock;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public LeadResource(LeadIntake intake, LeadRepository leads, IdempotencyKeys idempotencyKeys, ApiConfig config,
                        Clock clock, SecurityIdentity identity, ObjectMapper json) {
        this.intake = intake;
        this.leads = leads;
        this.idempotencyKeys = idempotencyKeys;
        this.config = config;
        this.clock = clock;
        this.identity = identity;
        this.json = json;
    }

    // ------------------------------------------------------------------------------------------------ create

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
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
    public Response create(@Valid NewLeadRequest request,
                           @Parameter(description = "Makes the request safe to retry: 1-200 printable ASCII characters")
                           @RestHeader(IdempotencyKeys.HEADER) String idempotencyKey,
                           @Context UriInfo uri) {
        requireBody(request);
        IdempotencyKeys.checkKey(idempotencyKey);
        String requestHash = idempotencyKey == null ? null : IdempotencyKeys.hash("POST /leads\n" + canonical(request));
        if (idempotencyKey != null) {
            Optional<IdempotencyKeys.StoredAnswer> previous = idempotencyKeys.previous(idempotencyKey, requestHash);
            if (previous.isPresent()) {
                return answer(previous.get(), uri, true);
            }
        }
        ProfilePatch profile = ProfileInput.newLead(request);
        ExternalRef ref = idempotencyKey == null ? null : new ExternalRef(MANUAL_REF_SYSTEM, idempotencyKey);
        refuseExistingEmail((String) profile.get(ProfileField.EMAIL), ref, uri);
        IntakeResult result = intake.receive(new LeadChange(CHANNEL, ref, clock.instant(), profile, List.of()));
        Lead lead = load(result.leadId());
        IdempotencyKeys.StoredAnswer answer = new IdempotencyKeys.StoredAnswer(result.created() ? 201 : 200,
                write(LeadViewMapper.summary(lead)), List.of(lead.id()));
        if (idempotencyKey != null) {
            IdempotencyKeys.StoredAnswer standing = idempotencyKeys.remember(idempotencyKey, requestHash, answer);
            return answer(standing, uri, standing != answer);
        }
        return answer(answer, uri, false);
    }

    private void refuseExistingEmail(String email, ExternalRef ref, UriInfo uri) {
        if (email == null) {
            return;
        }
        leads.findByEmail(email).ifPresent(existing -> {
            if (ref != null && existing.refs().contains(ref.key())) {
                return; // this key's own lead, created by a request whose answer has been forgotten meanwhile
            }
            String detail = "lead " + existing.id() + " already has this e-mail address";
            throw new ProblemException(409, "lead-exists", "Lead already exists", detail
                    + "; change that lead with PATCH /leads/" + existing.id(),
                    List.of(new Problem.FieldError("email", detail)),
                    Map.of("Link", "<" + leadUri(uri, existing.id()) + ">; rel=\"related\""));
        });
    }

    private Response answer(IdempotencyKeys.StoredAnswer answer, UriInfo uri, boolean replayed) {
        Response.ResponseBuilder response = Response.status(answer.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(answer.body());
        if (answer.status() == 201 && answer.leadIds() != null && !answer.leadIds().isEmpty()) {
            response.location(leadUri(uri, answer.leadIds().get(0)));
        }
        if (replayed) {
            response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    // -------------------------------------------------------------------------------------------------- read

    @GET
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @Operation(summary = "List leads",
            description = "Newest first, one page at a time. All filters are optional and must all hold. Pass "
                    + "nextCursor as cursor (with the same filters) for the next page; it is null on the last page. "
                    + "Unknown parameters and invalid values are refused with 400 naming the parameter.")
    @APIResponse(responseCode = "200", description = "One page of leads",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadPage.class)))
    @APIResponse(responseCode = "400", description = "An unknown parameter or an invalid value; each is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LeadPage list(
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
            @Context UriInfo uri) {
        LeadListQuery parsed = LeadListQuery.parse(uri.getQueryParameters(), config.defaultPageSize(),
                config.maxPageSize());
        List<Lead> found = leads.page(parsed.query(), parsed.limit() + 1);
        boolean more = found.size() > parsed.limit();
        List<Lead> page = more ? found.subList(0, parsed.limit()) : found;
        String next = null;
        if (more) {
            Lead last = page.get(page.size() - 1);
            next = LeadCursor.encode(new LeadQuery.Position(last.createdAt(), last.id()));
        }
        return new LeadPage(page.stream().map(LeadViewMapper::summary).toList(), next);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @Operation(summary = "Get a lead with its timeline",
            description = "An erased lead is shown without personal data; a merged lead names the lead it was "
                    + "merged into.")
    @APIResponse(responseCode = "200", description = "The lead and its history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeadView.class)))
    @APIResponse(responseCode = "404", description = "No lead has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LeadView get(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id) {
        return LeadViewMapper.detail(load(id));
    }

    // ------------------------------------------------------------------------------------------------ change

    @PATCH
    @Path("{id}")
    @Consumes({MERGE_PATCH_JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
    @Operation(summary = "Correct a lead's profile",
            description = "JSON merge patch (RFC 7396) of profile fields: a field with a value sets it, a field with "
                    + "null clears it, an absent field is left alone. Stage, score, owner, team and the other "
                    + "read-only fields cannot be set: a patch naming one is refused with 400 naming the field and "
                    + "the reason, and nothing is stored. Publishes LeadProfileUpdated when something changed.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = LeadProfilePatch.class)),
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
    public LeadView update(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id,
                           JsonNode patch) {
        ProfilePatch profile = ProfileInput.mergePatch(patch);
        requireKnownId(id);
        intake.updateProfile(id, profile, actor());
        return LeadViewMapper.summary(load(id));
    }

    @POST
    @Path("{id}/activities")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN})
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
    public Response recordActivity(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id,
                                   @Valid ActivityRequest request) {
        requireBody(request);
        EventTimes.problem(request.occurredAt, clock.instant(), MAX_CLOCK_SKEW).ifPresent(problem -> {
            throw ProblemException.invalidField("occurredAt", problem);
        });
        requireKnownId(id);
        String activityId = request.activityId != null ? request.activityId : UUID.randomUUID().toString();
        boolean recorded = intake.recordActivity(id, new IncomingActivity(activityId, request.type,
                request.occurredAt, blankToNull(request.campaign), request.detail));
        return Response.status(recorded ? 201 : 200).entity(new ActivityRecorded(id, activityId, recorded)).build();
    }

    // ------------------------------------------------------------------------------------------------- erase

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "Erase a lead's personal data",
            description = "Removes names, e-mail, company, title and external references; keeps the anonymous funnel "
                    + "facts (stages, times, source, segment). Publishes LeadErased so every service drops its copy. "
                    + "Erasing again is harmless (204).")
    @APIResponse(responseCode = "204", description = "Erased (now or before)")
    @APIResponse(responseCode = "404", description = "No lead has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void erase(@Parameter(in = ParameterIn.PATH, description = "Lead id") @RestPath String id) {
        requireKnownId(id);
        intake.erase(id, actor());
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** Any id that is not 24 hexadecimal digits is simply unknown. */
    private static void requireKnownId(String id) {
        if (id == null || !LEAD_ID.matcher(id).matches()) {
            throw new LeadNotFoundException(id);
        }
    }

    private Lead load(String id) {
        requireKnownId(id);
        return leads.findLead(id).orElseThrow(() -> new LeadNotFoundException(id));
    }

    private Actor actor() {
        return Actor.user(identity.getPrincipal().getName());
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw ProblemException.malformed("the request needs a JSON body", null);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static URI leadUri(UriInfo uri, String id) {
        return uri.getBaseUriBuilder().path("leads").path(id).build();
    }

    private static String canonical(Object request) {
        try {
            return CANONICAL.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the request", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the response", e);
        }
    }
}
