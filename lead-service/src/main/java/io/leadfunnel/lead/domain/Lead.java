package io.leadfunnel.lead.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.EventIds;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lead aggregate, the system of record for one lead: it decides which changes a lead accepts and moves its one
 * immutable {@link LeadState} on. Every change appends its {@link LeadEvent}s to {@link #pendingEvents()}, which the
 * repository stores in the same document write (the outbox). Pure Java: no framework, no I/O.
 */
public final class Lead {

    private LeadState state;
    private final List<LeadEvent> pendingEvents = new ArrayList<>();
    private boolean dirty;

    /** A lead in {@code state}: as the repository stored it, or just captured. */
    public Lead(LeadState state) {
        this.state = state;
    }

    /**
     * A new lead, captured at stage {@code LEAD}.
     *
     * @param occurredAt when the sender says the lead came to be (its profile values are as of then)
     * @param now        when lead-service stores it
     */
    public static Lead capture(String id, Instant occurredAt, Instant now, String channel, ExternalRef ref,
                               ProfilePatch patch) {
        Lead lead = new Lead(LeadState.captured(id, occurredAt, now, channel, ref, patch));
        LeadCaptured captured = new LeadCaptured(EventIds.next(), id, occurredAt, FunnelEvent.SCHEMA_VERSION,
                LeadEvent.PRODUCER, lead.nextSequence(), lead.toProfile(), lead.state.refsBySystem(), channel);
        lead.emit(captured, TimelineEntry.of(captured), now);
        return lead;
    }

    /**
     * Applies profile values reported as of {@code occurredAt}; per field the newest report wins, so deliveries that
     * arrive out of order converge on the same profile. Returns the fields whose value changed.
     */
    public List<String> applyProfile(ProfilePatch patch, Instant occurredAt, Instant now, String via) {
        return applyProfile(patch, occurredAt, now, via, false);
    }

    /** A person's correction through the API: it wins over every earlier report, later reports win over it. */
    public List<String> correctProfile(ProfilePatch patch, Instant now, String via) {
        return applyProfile(patch, now, now, via, true);
    }

    private List<String> applyProfile(ProfilePatch patch, Instant occurredAt, Instant now, String via,
                                      boolean correction) {
        state.requireActive();
        ReportedProfile.Change change = state.profile().reported(patch, occurredAt, correction);
        // a report that changes no value still moves the report times forward, but is not worth a write of its own
        state = state.withProfile(change.profile());
        if (!change.changedFields().isEmpty()) {
            emitProfileUpdated(occurredAt, now, change.changedFields(), List.of(), "updated via " + via);
        }
        return change.changedFields();
    }

    /** Records engagement once per activity id; a repeated id is ignored. */
    public boolean recordActivity(IncomingActivity activity, Instant now) {
        state.requireActive();
        if (state.hasActivity(activity.activityId())) {
            return false;
        }
        state = state.withActivity(activity.activityId());
        LeadActivityRecorded recorded = new LeadActivityRecorded(EventIds.next(), id(), activity.occurredAt(),
                FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER, nextSequence(), activity.activityId(), activity.type(),
                activity.campaign(), activity.detail(), now);
        emit(recorded, TimelineEntry.of(recorded), now);
        return true;
    }

    /** Adds an external reference (the same person known in one more system). */
    public boolean attachRef(ExternalRef ref) {
        state.requireActive();
        boolean added = !state.refs().contains(ref.key());
        state = state.withRefs(List.of(ref.key()));
        dirty |= added;
        return added;
    }

    /** Drops an external reference, e.g. after the contact was deleted in that CRM. The lead stays in the funnel. */
    public boolean detachRef(ExternalRef ref, Instant at, Instant now) {
        if (!state.refs().contains(ref.key())) {
            return false;
        }
        state = state.withoutRef(ref.key());
        note(TimelineEntry.referenceRemoved(ref, at), now);
        return true;
    }

    /**
     * Starts merging this lead into {@code survivorId}: hands over profile and references, frees the e-mail and the
     * references for the survivor, and publishes {@link LeadErased} with reason {@code MERGED}.
     */
    public PendingMerge mergeInto(String survivorId, Instant at, Instant now) {
        state.requireActive();
        PendingMerge handover = state.handover(survivorId, at);
        state = state.mergedAway(handover);
        LeadErased erased = new LeadErased(EventIds.next(), id(), at, FunnelEvent.SCHEMA_VERSION,
                LeadEvent.PRODUCER, nextSequence(), LeadErased.Reason.MERGED, survivorId);
        emit(erased, TimelineEntry.mergedAway(erased), now);
        return handover;
    }

    /** The survivor's side of a merge: takes the other lead's references and, per field, the newer values. */
    public boolean absorb(String absorbedId, PendingMerge merge, Instant now) {
        state.requireActive();
        if (state.merges().hasAbsorbed(absorbedId)) {
            return false;
        }
        ReportedProfile.Change change = state.profile().absorbing(merge);
        state = state.absorbed(absorbedId, merge, change.profile());
        emitProfileUpdated(merge.at(), now, change.changedFields(), List.of(absorbedId),
                "lead " + absorbedId + " merged in");
        return true;
    }

    /** The survivor has taken everything; the absorbed lead no longer holds anything to hand over. */
    public void completeMerge() {
        dirty |= state.merges().pending() != null;
        state = state.withMerges(state.merges().completed());
    }

    /** Erasure on request: personal data removed, anonymous funnel facts kept, {@link LeadErased} published. */
    public boolean erase(Actor actor, Instant now) {
        if (state.erasedAt() != null) {
            return false;
        }
        state = state.erased(now);
        LeadErased erased = new LeadErased(EventIds.next(), id(), now, FunnelEvent.SCHEMA_VERSION,
                LeadEvent.PRODUCER, nextSequence(), LeadErased.Reason.REQUEST, null);
        emit(erased, TimelineEntry.erased(erased, actor), now);
        return true;
    }

    /**
     * Applies a lifecycle event from handoff-service to the stage and owner read model. Idempotent on the event id;
     * an event older than the newest one applied updates the timeline but not the current stage.
     */
    public boolean applyLifecycle(LifecycleEvent event, Instant now) {
        return state.decisions().after(event).map(d -> takeIn(d, TimelineEntry.of(event), now)).orElse(false);
    }

    /** Applies a score from scoring-service; the newest score by time wins. Idempotent on the event id. */
    public boolean applyScore(LeadScored scored, Instant now) {
        return state.decisions().after(scored).map(d -> takeIn(d, TimelineEntry.of(scored), now)).orElse(false);
    }

    /** Another service's decision: kept even on an erased or merged lead, and published by that service, not here. */
    private boolean takeIn(FunnelDecisions decided, TimelineEntry entry, Instant now) {
        state = state.withDecisions(decided);
        note(entry, now);
        return true;
    }

    private void emitProfileUpdated(Instant occurredAt, Instant now, List<String> changed, List<String> merged,
                                    String summary) {
        LeadProfileUpdated updated = new LeadProfileUpdated(EventIds.next(), id(), occurredAt,
                FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER, nextSequence(), toProfile(), changed, merged);
        emit(updated, TimelineEntry.of(updated, summary), now);
    }

    /** A change others learn of: the event goes to the outbox, its line to the timeline. */
    private void emit(LeadEvent event, TimelineEntry entry, Instant now) {
        pendingEvents.add(event);
        note(entry, now);
    }

    /** A change for the lead's history only. */
    private void note(TimelineEntry entry, Instant now) {
        dirty = true;
        state = state.withEntry(entry).touched(now);
    }

    private long nextSequence() {
        state = state.withNextSequence();
        return state.sequence();
    }

    /** Called by the repository after a successful write. */
    public void markStored(long newVersion) {
        state = state.stored(newVersion);
        pendingEvents.clear();
        dirty = false;
    }

    /** Whether anything changed since the lead was loaded or last stored. */
    public boolean isDirty() {
        return dirty;
    }

    /** Events produced since the lead was loaded, in order; the repository stores them in the outbox. */
    public List<LeadEvent> pendingEvents() {
        return List.copyOf(pendingEvents);
    }

    /** Everything the lead holds, as the repository stores it. */
    public LeadState state() {
        return state;
    }

    public String id() {
        return state.id();
    }

    public long sequence() {
        return state.sequence();
    }

    public Instant createdAt() {
        return state.createdAt();
    }

    public Instant updatedAt() {
        return state.updatedAt();
    }

    /** The current profile in the contract's shape. */
    public LeadProfile toProfile() {
        return state.profile().toProfile();
    }

    public Map<ProfileField, Object> profile() {
        return state.profile().values();
    }

    public String email() {
        return state.profile().email();
    }

    public Set<String> refs() {
        return Set.copyOf(state.refs());
    }

    /** References in insertion order. */
    public List<String> refList() {
        return state.refs();
    }

    public Stage stage() {
        return state.decisions().stage();
    }

    public Instant stageAt() {
        return state.decisions().stageAt();
    }

    public String owner() {
        return state.decisions().owner();
    }

    public String team() {
        return state.decisions().team();
    }

    public Score score() {
        return state.decisions().score();
    }

    public String mergedInto() {
        return state.merges().mergedInto();
    }

    public PendingMerge pendingMerge() {
        return state.merges().pending();
    }

    public Instant erasedAt() {
        return state.erasedAt();
    }

    public boolean isActive() {
        return state.isActive();
    }

    public List<TimelineEntry> timeline() {
        return state.timeline();
    }
}
