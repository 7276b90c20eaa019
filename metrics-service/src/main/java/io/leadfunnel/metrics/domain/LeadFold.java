package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The running state of the fold of one lead's events into its {@link LeadFact}, taken in business order
 * ({@code occurredAt}, then {@code eventId}). Kept with the lead, it lets a new event that comes after every kept one
 * be applied in one step ({@link #canAppend}, {@link #append}) instead of folding the whole history again; an event
 * that lands earlier in business order needs the full fold ({@link LeadHistory#fold()}).
 */
public final class LeadFold {

    /**
     * Every figure of the fold: the fact's fields plus what the next step needs.
     *
     * @param profileSequence the per-lead sequence of the profile in effect ({@link Long#MIN_VALUE} when none)
     * @param lastAt          business time of the latest folded event, null when none
     * @param lastEventId     event id of the latest folded event, null when none
     */
    public record State(LeadFact fact, long profileSequence, Instant lastAt, String lastEventId) {
    }

    private final String leadId;
    /** Whether the lead's capture is among all its events (not only the folded ones so far). */
    private boolean hasCapture;
    private long profileSequence = Long.MIN_VALUE;
    private Instant capturedAt;
    private LeadSource source;
    private String sourceDetail;
    private String campaign;
    private LeadOrigin origin;
    private Segment segment = Segment.of(null);
    private String industry;
    private String country;
    private String owner;
    private String team;
    private Integer definitionVersion;
    private Integer scoreTotal;
    private String grade;
    private final List<StageEntry> entries = new ArrayList<>();
    private final List<Handoff> handoffs = new ArrayList<>();
    private final List<SlaBreach> breaches = new ArrayList<>();
    private Closure closure;
    private String mergedInto;
    private boolean erased;
    private Instant lastAt;
    private String lastEventId;

    /** An empty fold; {@code hasCapture} tells whether any of the events to come is the capture. */
    LeadFold(String leadId, boolean hasCapture) {
        this.leadId = leadId;
        this.hasCapture = hasCapture;
    }

    /** Resumes a fold from its state. */
    public static LeadFold resume(State state) {
        LeadFact f = state.fact();
        LeadFold fold = new LeadFold(f.leadId(), f.capturedAt() != null);
        fold.profileSequence = state.profileSequence();
        fold.capturedAt = f.capturedAt();
        fold.source = f.source();
        fold.sourceDetail = f.sourceDetail();
        fold.campaign = f.campaign();
        fold.origin = f.origin();
        fold.segment = f.segment();
        fold.industry = f.industry();
        fold.country = f.country();
        fold.owner = f.owner();
        fold.team = f.team();
        fold.definitionVersion = f.definitionVersion();
        fold.scoreTotal = f.scoreTotal();
        fold.grade = f.grade();
        fold.entries.addAll(f.entries());
        fold.handoffs.addAll(f.handoffs());
        fold.breaches.addAll(f.breaches());
        fold.closure = f.closure();
        fold.mergedInto = f.mergedInto();
        fold.erased = f.erased();
        fold.lastAt = state.lastAt();
        fold.lastEventId = state.lastEventId();
        return fold;
    }

    /** An empty fold of a lead with no events yet. */
    public static LeadFold empty(String leadId) {
        return new LeadFold(leadId, false);
    }

    /**
     * Whether {@link #append} gives the same fact as folding every event again: the event comes after every folded
     * one in business order, and it is not a capture arriving after LEAD entries the capture would have replaced.
     */
    public boolean canAppend(FunnelEvent event) {
        if (lastAt != null) {
            int order = event.occurredAt().compareTo(lastAt);
            if (order < 0 || order == 0 && event.eventId().toString().compareTo(lastEventId) <= 0) {
                return false;
            }
        }
        return !(event instanceof LeadCaptured) || hasCapture
                || entries.stream().noneMatch(LeadFold::replacedByCapture);
    }

    /** Folds one more event, which must satisfy {@link #canAppend}. */
    public LeadFold append(FunnelEvent event) {
        if (!canAppend(event)) {
            throw new IllegalArgumentException("event " + event.eventId() + " cannot be appended to lead " + leadId);
        }
        LeadFold next = resume(state());
        next.hasCapture |= event instanceof LeadCaptured;
        return next.step(event);
    }

    /** A LEAD entry without a previous stage: the capture is the lead's first LEAD entry when there is one. */
    private static boolean replacedByCapture(StageEntry e) {
        return e.stage() == Stage.LEAD && e.from() == null;
    }

    /** One step of the fold, for events taken in business order. */
    LeadFold step(FunnelEvent event) {
        lastAt = event.occurredAt();
        lastEventId = event.eventId().toString();
        if (event instanceof LeadCaptured captured) {
            capturedAt = capturedAt == null || captured.occurredAt().isBefore(capturedAt)
                    ? captured.occurredAt() : capturedAt;
            profile(captured.sequence(), captured.profile());
        } else if (event instanceof LeadProfileUpdated updated) {
            profile(updated.sequence(), updated.profile());
        } else if (event instanceof LeadErased erasure) {
            if (erasure.reason() == LeadErased.Reason.MERGED) {
                mergedInto = erasure.mergedInto() == null ? "unknown" : erasure.mergedInto();
            } else {
                erased = true;
            }
        } else if (event instanceof LeadScored scored) {
            scoreTotal = scored.total();
            grade = scored.grade();
        } else if (event instanceof LeadStageChanged changed) {
            if (changed.to() == Stage.LEAD && changed.from() == null && hasCapture) {
                return this; // the capture already is the lead's first LEAD entry
            }
            entries.add(new StageEntry(changed.to(), changed.occurredAt(), changed.from(), changed.reasonCode(),
                    changed.owner(), changed.team(), changed.definitionVersion(),
                    changed.causedBy() != null && changed.causedBy().kind() == Actor.Kind.USER,
                    changed.eventId().toString()));
            assign(changed.owner(), changed.team(), changed.definitionVersion());
        } else if (event instanceof HandoffAssigned assigned) {
            handoffs.add(new Handoff(assigned.handoffId(), assigned.occurredAt(), assigned.owner(), assigned.team(),
                    assigned.acceptDueAt()));
            assign(assigned.owner(), assigned.team(), assigned.definitionVersion());
        } else if (event instanceof HandoffSlaBreached breached) {
            breaches.add(new SlaBreach(breached.handoffId(), breached.sla() == null ? null : breached.sla().name(),
                    breached.owner(), breached.team(), breached.dueAt(), breached.occurredAt()));
        } else if (event instanceof LeadClosed closed) {
            closure = new Closure(closed.outcome(), closed.occurredAt(), closed.amount(), closed.currency(),
                    closed.lossReason(), closed.owner(), closed.team());
            assign(closed.owner(), closed.team(), null);
        }
        return this;
    }

    private void profile(long sequence, LeadProfile profile) {
        if (sequence < profileSequence) {
            return;
        }
        LeadProfile p = profile == null ? LeadProfile.empty() : profile;
        profileSequence = sequence;
        source = p.source();
        sourceDetail = p.sourceDetail();
        campaign = p.campaign();
        origin = p.origin();
        segment = Segment.of(p.companySize());
        industry = p.industry();
        country = p.country();
    }

    private void assign(String newOwner, String newTeam, Integer newDefinitionVersion) {
        owner = newOwner != null ? newOwner : owner;
        team = newTeam != null ? newTeam : team;
        definitionVersion = newDefinitionVersion != null ? newDefinitionVersion : definitionVersion;
    }

    public LeadFact fact() {
        return new LeadFact(leadId, capturedAt, source, sourceDetail, campaign, origin, segment, industry, country,
                owner, team, definitionVersion, scoreTotal, grade, entries, handoffs, breaches, closure, mergedInto,
                erased);
    }

    public State state() {
        return new State(fact(), profileSequence, lastAt, lastEventId);
    }
}
