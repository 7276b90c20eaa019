package io.leadfunnel.handoff.rest;

import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.domain.ChecklistItem;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.RejectReason;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.runtime.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;

/**
 * Sales actions on a lead and its audit trail. An action the lead's stage does not allow is 409 with the allowed
 * ones; two concurrent actions on one lead cannot both succeed.
 */
@Path("/leads/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class LeadLifecycleResource {

    private final LifecycleService lifecycles;
    private final SecurityIdentity identity;
    private final Clock clock;

    public LeadLifecycleResource(LifecycleService lifecycles, SecurityIdentity identity, Clock clock) {
        this.lifecycles = lifecycles;
        this.identity = identity;
        this.clock = clock;
    }

    /** Rejection: a reason from the fixed list; {@code OTHER} needs a note. */
    public record RejectRequest(RejectReason reason, String note) {
    }

    /** The SQL checklist: an answer per item confirmed. */
    public record QualifyRequest(Map<ChecklistItem, String> checklist) {
    }

    /** Closing: {@code WON} with amount and currency, or {@code LOST} with a reason. */
    public record CloseRequest(Stage outcome, BigDecimal amount, String currency, String reason) {
    }

    /** Reassignment to another rep. */
    public record ReassignRequest(String owner) {
    }

    @GET
    @Path("/lifecycle")
    @RolesAllowed({Roles.MARKETING, Roles.SALES, Roles.SALES_OPS, Roles.ADMIN})
    @Operation(summary = "The lead's stage, hand-off and full audit trail")
    public LifecycleView lifecycle(@PathParam("id") String id) {
        return view(lifecycles.lifecycle(id));
    }

    @POST
    @Path("/accept")
    @RolesAllowed({Roles.SALES, Roles.SALES_OPS})
    @Operation(summary = "Accept the hand-off (SAL); a rep accepting a queued lead becomes its owner")
    public LifecycleView accept(@PathParam("id") String id) {
        return view(lifecycles.accept(id, actor()));
    }

    @POST
    @Path("/reject")
    @RolesAllowed({Roles.SALES, Roles.SALES_OPS})
    @Operation(summary = "Reject with a reason: the lead returns to marketing (RECYCLED)")
    public LifecycleView reject(@PathParam("id") String id, RejectRequest request) {
        if (request == null || request.reason() == null) {
            throw ProblemException.invalidField("/reason", "a reason is required, one of "
                    + java.util.Arrays.toString(RejectReason.values()));
        }
        if (request.reason() == RejectReason.OTHER && (request.note() == null || request.note().isBlank())) {
            throw ProblemException.invalidField("/note", "a rejection for OTHER needs a note");
        }
        return view(lifecycles.reject(id, actor(), request.reason(), request.note()));
    }

    @POST
    @Path("/qualify")
    @RolesAllowed({Roles.SALES, Roles.SALES_OPS})
    @Operation(summary = "Confirm the SQL checklist: SQL, or 422 naming the missing required items")
    public LifecycleView qualify(@PathParam("id") String id, QualifyRequest request) {
        return view(lifecycles.qualify(id, actor(), request == null ? Map.of() : request.checklist()));
    }

    @POST
    @Path("/close")
    @RolesAllowed({Roles.SALES, Roles.SALES_OPS})
    @Operation(summary = "Close as WON (amount, currency) or LOST (reason)")
    public LifecycleView close(@PathParam("id") String id, CloseRequest request) {
        if (request == null || request.outcome() != Stage.WON && request.outcome() != Stage.LOST) {
            throw ProblemException.invalidField("/outcome", "outcome must be WON or LOST");
        }
        if (request.outcome() == Stage.WON) {
            if (!LeadLifecycle.plausibleAmount(request.amount())) {
                throw ProblemException.invalidField("/amount", LeadLifecycle.AMOUNT_RULE);
            }
            if (request.currency() == null || !request.currency().matches("[A-Z]{3}")) {
                throw ProblemException.invalidField("/currency", "currency must be an ISO 4217 code such as EUR");
            }
            return view(lifecycles.closeWon(id, actor(), request.amount(), request.currency()));
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw ProblemException.invalidField("/reason", "a lost deal needs a reason");
        }
        return view(lifecycles.closeLost(id, actor(), request.reason()));
    }

    @POST
    @Path("/reassign")
    @RolesAllowed(Roles.SALES_OPS)
    @Operation(summary = "Give the lead to another rep; the running SLA clock restarts")
    public LifecycleView reassign(@PathParam("id") String id, ReassignRequest request) {
        if (request == null || request.owner() == null || request.owner().isBlank()) {
            throw ProblemException.invalidField("/owner", "the new owner is required");
        }
        return view(lifecycles.reassign(id, actor(), request.owner()));
    }

    private LifecycleView view(io.leadfunnel.handoff.domain.LeadLifecycle lifecycle) {
        return LifecycleView.of(lifecycle, clock.instant());
    }

    /** Sales-ops and admin act on every lead; a rep only on their own or their team's hand-offs. */
    private io.leadfunnel.handoff.domain.HandoffOwnership.Actor actor() {
        boolean unrestricted = identity.hasRole(Roles.SALES_OPS) || identity.hasRole(Roles.ADMIN);
        return lifecycles.actor(identity.getPrincipal().getName(), unrestricted);
    }
}
