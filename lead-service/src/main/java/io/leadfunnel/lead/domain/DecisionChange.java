package io.leadfunnel.lead.domain;

import io.leadfunnel.events.Stage;

import java.time.Instant;

/**
 * What one event from another service changes on a lead when it is the newest of its kind, as a handful of fields:
 * the storage can then write those fields alone, guarded so that the event counts once and an older event leaves
 * them as they are ({@link FunnelDecisions#change}). An older event still has its line in the timeline.
 *
 * @param eventId      the event, remembered for deduplication
 * @param occurredAt   its time, compared with the newest of its kind taken in
 * @param score        whether it is a score (ordered by the score's time) rather than a lifecycle event (ordered by
 *                     the time of the newest lifecycle event, which it then becomes)
 * @param stage        the stage it moves the lead to, or null when it moves none
 * @param stageAt      when the lead entered that stage
 * @param ownerChanged whether it sets the owner and team (to null, too)
 * @param owner        the new owner
 * @param team         the new owner's team
 * @param newScore     the new score, for a score
 * @param entry        its timeline line, written whether it is the newest or not
 */
public record DecisionChange(String eventId, Instant occurredAt, boolean score, Stage stage, Instant stageAt,
                             boolean ownerChanged, String owner, String team, Score newScore, TimelineEntry entry) {

    /**
     * What this change and a {@code later} one of the same kind leave when both are taken in as the newest, in this
     * order: the later one's time, score, stage (when it moves one) and owner (when it sets one). A poll's changes to
     * one lead are thus written as one.
     */
    public DecisionChange then(DecisionChange later) {
        boolean laterMoves = later.stage != null;
        return new DecisionChange(later.eventId, later.occurredAt, score, laterMoves ? later.stage : stage,
                laterMoves ? later.stageAt : stageAt, ownerChanged || later.ownerChanged,
                later.ownerChanged ? later.owner : owner, later.ownerChanged ? later.team : team,
                score ? later.newScore : null, later.entry);
    }
}
