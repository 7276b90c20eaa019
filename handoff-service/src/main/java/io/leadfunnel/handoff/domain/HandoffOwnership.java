package io.leadfunnel.handoff.domain;

import java.util.Optional;

/**
 * Who may take a sales action on a lead. Sales-ops and admin act on every lead. A rep (role {@code sales} only) acts
 * on a hand-off they own, or on one waiting in their team's queue ({@code queue:<team>}) or their team's manager
 * queue; a teammate's own hand-off is not theirs. A lead without a hand-off has nobody a rep could act for.
 */
public final class HandoffOwnership {

    private HandoffOwnership() {
    }

    /** The caller of a sales action: token subject, whether it holds sales-ops or admin, and its rep record. */
    public record Actor(String id, boolean unrestricted, Optional<SalesRep> rep) {
    }

    /** The answer: allowed, or refused with the reason shown to the caller. */
    public record Decision(boolean allowed, String reason) {

        static Decision allow() {
            return new Decision(true, null);
        }

        static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    /** Decides whether {@code actor} may act on the lead whose current hand-off is {@code handoff} (or null). */
    public static Decision decide(Actor actor, Handoff handoff, RoutingTable table) {
        if (actor.unrestricted()) {
            return Decision.allow();
        }
        if (handoff == null) {
            return Decision.deny("the lead has not been handed off to sales, so no rep owns it");
        }
        String owner = handoff.owner();
        if (owner != null && owner.equals(actor.id())) {
            return Decision.allow();
        }
        if (actor.rep().isEmpty()) {
            return Decision.deny(actor.id() + " is not a known sales rep and does not own this hand-off");
        }
        String team = actor.rep().get().team();
        if (owner != null && owner.startsWith(RoutingDecision.QUEUE_PREFIX)) {
            String queue = owner.substring(RoutingDecision.QUEUE_PREFIX.length());
            if (queue.equals(team) || queue.equals(table.managerQueue(team))) {
                return Decision.allow();
            }
            return Decision.deny("the hand-off waits in queue " + queue + ", which is not a queue of team " + team);
        }
        return Decision.deny("the hand-off is assigned to another rep; only its owner, their team's queue, "
                + "sales-ops or admin may act on it");
    }
}
