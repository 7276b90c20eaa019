package io.leadfunnel.lead.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.leadfunnel.lead.rest.dto.LeadView;
import io.leadfunnel.lead.rest.dto.NewLeadRequest;
import io.leadfunnel.lead.service.IntakeResult;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.lead.service.LeadIntake;
import io.leadfunnel.lead.service.LeadNotFoundException;
import io.leadfunnel.lead.service.OneLeadPerEmail;
import io.leadfunnel.runtime.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The sales-ops API: look up, enter and correct leads, report engagement, erase personal data. Stage, score and owner
 * are shown but never set here: handoff-service and scoring-service own them. Paths, roles and what each
 * operation answers are declared in {@link LeadApi}.
 */
@BodyLimit
public class LeadResource implements LeadApi {

    /** RFC 7396 JSON merge patch. */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    /** The channel manual entries are recorded under (timeline, {@code LeadCaptured.channel}). */
    public static final String CHANNEL = "api";
    /** The reference system of leads entered with an {@code Idempotency-Key}. */
    public static final String MANUAL_REF_SYSTEM = "manual";
    /** How far in the future an activity time may lie (clock skew between systems). */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Pattern LEAD_ID = Pattern.compile("[0-9a-f]{24}");

    private final LeadIntake intake;
    private final OneLeadPerEmail oneLeadPerEmail;
    private final IdempotentCreate idempotentCreate;
    private final LeadRepository leads;
    private final ApiConfig config;
    private final Clock clock;
    private final SecurityIdentity identity;

    public LeadResource(LeadIntake intake, OneLeadPerEmail oneLeadPerEmail, IdempotentCreate idempotentCreate,
                        LeadRepository leads, ApiConfig config, Clock clock, SecurityIdentity identity) {
        this.intake = intake;
        this.oneLeadPerEmail = oneLeadPerEmail;
        this.idempotentCreate = idempotentCreate;
        this.leads = leads;
        this.config = config;
        this.clock = clock;
        this.identity = identity;
    }

    // ------------------------------------------------------------------------------------------------ create

    @Override
    public Response create(NewLeadRequest request,
                           String idempotencyKey,
                           UriInfo uri) {
        requireBody(request);
        return idempotentCreate.answer("POST /leads", request, idempotencyKey, uri,
                () -> capture(request, idempotencyKey));
    }

    private IdempotentCreate.Created capture(NewLeadRequest request, String idempotencyKey) {
        ProfilePatch profile = ProfileInput.newLead(request);
        ExternalRef ref = idempotencyKey == null ? null : new ExternalRef(MANUAL_REF_SYSTEM, idempotencyKey);
        // a new person is inserted at once; only when the e-mail or key is taken is the one-lead-per-e-mail rule read
        IntakeResult result = intake.capture(new LeadChange(CHANNEL, ref, clock.instant(), profile, List.of()),
                () -> oneLeadPerEmail.refuseTaken((String) profile.get(ProfileField.EMAIL), ref));
        Lead lead = load(result.leadId());
        return new IdempotentCreate.Created(result.created() ? 201 : 200, lead.id(), LeadViewMapper.summary(lead));
    }

    // -------------------------------------------------------------------------------------------------- read

    @Override
    public LeadPage list(List<String> stage, List<String> source, String owner,
                         String campaign, String createdFrom, String createdTo,
                         String q, String includeInactive, String cursor,
                         String limit, UriInfo uri) {
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

    @Override
    public LeadView get(String id) {
        return LeadViewMapper.detail(load(id));
    }

    // ------------------------------------------------------------------------------------------------ change

    @Override
    public LeadView update(String id, JsonNode patch) {
        ProfilePatch profile = ProfileInput.mergePatch(patch);
        requireKnownId(id);
        intake.updateProfile(id, profile, actor());
        return LeadViewMapper.summary(load(id));
    }

    @Override
    public Response recordActivity(String id, ActivityRequest request) {
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

    @Override
    public void erase(String id) {
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
}
