package io.leadfunnel.lead.domain;

import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What other services decided about a lead: the stage and owner from handoff-service, the score from scoring-service.
 * lead-service only reads them from their events, so sales-ops see them next to the profile. Each event counts once,
 * and the newest by time wins whatever the order of arrival.
 *
 * @param stage           the current funnel stage
 * @param stageAt         when the lead entered it
 * @param owner           the sales owner, or null before the hand-off
 * @param team            the owner's team
 * @param score           the newest score, or null before the first one
 * @param lifecycleAt     time of the newest lifecycle event taken in, or null before the first one
 * @param appliedEventIds ids of the events taken in, oldest first, remembered for deduplication
 */
public record FunnelDecisions(Stage stage, Instant stageAt, String owner, String team, Score score,
                              Instant lifecycleAt, List<String> appliedEventIds) {

    /** Consumed event ids (scores, lifecycle) remembered for deduplication. */
    public static final int APPLIED_EVENT_LIMIT = 500;

    public FunnelDecisions {
        stage = stage == null ? Stage.LEAD : stage;
        appliedEventIds = appliedEventIds == null ? List.of() : List.copyOf(appliedEventIds);
    }

    /** A lead nobody has decided anything about yet: at stage {@code LEAD} since {@code capturedAt}. */
    static FunnelDecisions undecided(Instant capturedAt) {
        return new FunnelDecisions(Stage.LEAD, capturedAt, null, null, null, null, List.of());
    }

    /**
     * The decisions after a lifecycle event from handoff-service. An event older than the newest one taken in changes
     * nothing here (it still has its line in the timeline).
     *
     * @return empty when the event was taken in before
     */
    Optional<FunnelDecisions> after(LifecycleEvent event) {
        if (hasApplied(event.eventId().toString())) {
            return Optional.empty();
        }
        FunnelDecisions decided = remembering(event.eventId().toString());
        if (lifecycleAt != null && event.occurredAt().isBefore(lifecycleAt)) {
            return Optional.of(decided);
        }
        if (event instanceof LeadStageChanged changed) {
            decided = decided.atStage(changed.to(), changed.occurredAt());
            if (changed.owner() != null) {
                decided = decided.ownedBy(changed.owner(), changed.team());
            }
        } else if (event instanceof HandoffAssigned assigned) {
            decided = decided.ownedBy(assigned.owner(), assigned.team());
        } else if (event instanceof LeadClosed closed) {
            decided = decided.atStage(closed.outcome(), closed.occurredAt());
        }
        return Optional.of(new FunnelDecisions(decided.stage, decided.stageAt, decided.owner, decided.team,
                decided.score, event.occurredAt(), decided.appliedEventIds));
    }

    /**
     * The decisions after a score from scoring-service; the newest score by time wins.
     *
     * @return empty when the score was taken in before
     */
    Optional<FunnelDecisions> after(LeadScored scored) {
        if (hasApplied(scored.eventId().toString())) {
            return Optional.empty();
        }
        FunnelDecisions decided = remembering(scored.eventId().toString());
        if (score != null && scored.occurredAt().isBefore(score.at())) {
            return Optional.of(decided);
        }
        Score newest = new Score(scored.fit(), scored.engagement(), scored.total(), scored.grade(),
                scored.modelVersion(), scored.occurredAt());
        return Optional.of(new FunnelDecisions(stage, stageAt, owner, team, newest, lifecycleAt,
                decided.appliedEventIds));
    }

    /**
     * The fields a lifecycle event sets when it is the newest taken in, as {@link #after(LifecycleEvent)} sets them.
     */
    public static DecisionChange change(LifecycleEvent event) {
        Stage to = null;
        boolean ownerChanged = false;
        String owner = null;
        String team = null;
        if (event instanceof LeadStageChanged changed) {
            to = changed.to() == null ? Stage.LEAD : changed.to();
            ownerChanged = changed.owner() != null;
            owner = changed.owner();
            team = ownerChanged ? changed.team() : null;
        } else if (event instanceof HandoffAssigned assigned) {
            ownerChanged = true;
            owner = assigned.owner();
            team = assigned.team();
        } else if (event instanceof LeadClosed closed) {
            to = closed.outcome() == null ? Stage.LEAD : closed.outcome();
        }
        return new DecisionChange(event.eventId().toString(), event.occurredAt(), false, to,
                to == null ? null : event.occurredAt(), ownerChanged, owner, team, null, TimelineEntry.of(event));
    }

    /** The score a score event sets when it is the newest, as {@link #after(LeadScored)} sets it. */
    public static DecisionChange change(LeadScored scored) {
        Score newest = new Score(scored.fit(), scored.engagement(), scored.total(), scored.grade(),
                scored.modelVersion(), scored.occurredAt());
        return new DecisionChange(scored.eventId().toString(), scored.occurredAt(), true, null, null, false, null,
                null, newest, TimelineEntry.of(scored));
    }

    private boolean hasApplied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    /** Remembers one more event id; the oldest is forgotten beyond {@link #APPLIED_EVENT_LIMIT}. */
    private FunnelDecisions remembering(String eventId) {
        List<String> ids = new ArrayList<>(appliedEventIds);
        ids.add(eventId);
        if (ids.size() > APPLIED_EVENT_LIMIT) {
            ids.remove(0);
        }
        return new FunnelDecisions(stage, stageAt, owner, team, score, lifecycleAt, ids);
    }

    private FunnelDecisions atStage(Stage newStage, Instant at) {
        return new FunnelDecisions(newStage, at, owner, team, score, lifecycleAt, appliedEventIds);
    }

    private FunnelDecisions ownedBy(String newOwner, String newTeam) {
        return new FunnelDecisions(stage, stageAt, newOwner, newTeam, score, lifecycleAt, appliedEventIds);
    }
}
