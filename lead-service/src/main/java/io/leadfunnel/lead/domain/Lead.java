package io.leadfunnel.lead.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The lead aggregate: the system of record for one lead. Every change it accepts appends the resulting
 * {@link LeadEvent}s to {@link #pendingEvents()}, which the repository stores in the same document write (the outbox).
 * Pure Java: no framework, no I/O.
 */
public final class Lead {

    /** Timeline entries kept per lead; the oldest are dropped first. */
    public static final int TIMELINE_LIMIT = 500;
    /** Activity ids remembered for deduplication. */
    public static final int ACTIVITY_ID_LIMIT = 2_000;
    /** Consumed event ids (scores, lifecycle) remembered for deduplication. */
    public static final int APPLIED_EVENT_LIMIT = 500;

    private final String id;
    private final Instant createdAt;
    private final String channel;
    private long version;
    private long sequence;
    private Instant updatedAt;
    private final Map<ProfileField, Object> profile = new EnumMap<>(ProfileField.class);
    private final Map<ProfileField, Instant> fieldTimes = new EnumMap<>(ProfileField.class);
    private final Set<String> refs = new LinkedHashSet<>();
    private Stage stage = Stage.LEAD;
    private Instant stageAt;
    private String owner;
    private String team;
    private Score score;
    private String mergedInto;
    private PendingMerge pendingMerge;
    private final List<String> mergedLeadIds = new ArrayList<>();
    private Instant erasedAt;
    private final List<TimelineEntry> timeline = new ArrayList<>();
    private final LinkedHashSet<String> activityIds = new LinkedHashSet<>();
    private final LinkedHashSet<String> appliedEventIds = new LinkedHashSet<>();
    private Instant lifecycleAt;

    private final List<LeadEvent> pendingEvents = new ArrayList<>();
    private boolean dirty;

    private Lead(String id, Instant createdAt, String channel) {
        this.id = Objects.requireNonNull(id, "id");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.channel = channel;
        this.updatedAt = createdAt;
        this.stageAt = createdAt;
    }

    // ---------------------------------------------------------------------------------------------- commands

    /**
     * A new lead, captured at stage {@code LEAD}.
     *
     * @param occurredAt when the sender says the lead came to be (its profile values are as of then)
     * @param now        when lead-service stores it
     */
    public static Lead capture(String id, Instant occurredAt, Instant now, String channel, ExternalRef ref,
                               ProfilePatch patch) {
        Lead lead = new Lead(id, now, channel);
        if (ref != null) {
            lead.refs.add(ref.key());
        }
        patch.values().forEach((field, value) -> {
            if (value != null) {
                lead.profile.put(field, value);
                lead.fieldTimes.put(field, occurredAt);
            }
        });
        lead.deriveDefaults(occurredAt);
        lead.stageAt = occurredAt;
        LeadCaptured captured = new LeadCaptured(UUID.randomUUID(), id, occurredAt, FunnelEvent.SCHEMA_VERSION,
                LeadEvent.PRODUCER, lead.nextSequence(), lead.toProfile(), lead.refsBySystem(), channel);
        lead.emit(captured, new TimelineEntry(occurredAt, "captured", "captured via " + channel,
                captured.eventId().toString(), Map.of("channel", String.valueOf(channel))));
        return lead;
    }

    /**
     * Applies profile values reported as of {@code occurredAt}. Per field, the newest report wins: a value older
     * than the one held is ignored, so deliveries that arrive out of order converge on the same profile.
     *
     * @return the fields whose value changed
     */
    public List<String> applyProfile(ProfilePatch patch, Instant occurredAt, Instant now, String via) {
        return applyProfile(patch, occurredAt, now, via, false);
    }

    /**
     * A person's correction through the API: it wins over every earlier report, even one stamped slightly in the
     * future by a sender's clock, and later reports win over it as usual.
     */
    public List<String> correctProfile(ProfilePatch patch, Instant now, String via) {
        return applyProfile(patch, now, now, via, true);
    }

    private List<String> applyProfile(ProfilePatch patch, Instant occurredAt, Instant now, String via,
                                      boolean correction) {
        requireActive();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<ProfileField, Object> e : patch.values().entrySet()) {
            ProfileField field = e.getKey();
            Instant held = fieldTimes.get(field);
            Instant at = occurredAt;
            if (held != null && !occurredAt.isAfter(held)) {
                if (!correction) {
                    continue;
                }
                at = held.plusMillis(1);
            }
            fieldTimes.put(field, at);
            if (!Objects.equals(profile.get(field), e.getValue())) {
                if (e.getValue() == null) {
                    profile.remove(field);
                } else {
                    profile.put(field, e.getValue());
                }
                changed.add(field.jsonName());
            }
        }
        changed.addAll(deriveDefaults(occurredAt));
        if (!changed.isEmpty()) {
            emitProfileUpdated(occurredAt, now, changed, List.of(), "updated via " + via);
        }
        return changed;
    }

    /** Records engagement once per activity id; a repeated id is ignored. */
    public boolean recordActivity(IncomingActivity activity, Instant now) {
        requireActive();
        if (activityIds.contains(activity.activityId())) {
            return false;
        }
        remember(activityIds, activity.activityId(), ACTIVITY_ID_LIMIT);
        LeadActivityRecorded recorded = new LeadActivityRecorded(UUID.randomUUID(), id, activity.occurredAt(),
                FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER, nextSequence(), activity.activityId(), activity.type(),
                activity.campaign(), activity.detail(), now);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("activityType", activity.type().name());
        data.put("activityId", activity.activityId());
        if (activity.campaign() != null) {
            data.put("campaign", activity.campaign());
        }
        if (!recorded.detail().isEmpty()) {
            // kept here only: lead.events carries activities without it, and erasure clears the timeline's data
            data.put("detail", recorded.detailJson());
        }
        emit(recorded, new TimelineEntry(activity.occurredAt(), "activity",
                activity.type().name().toLowerCase().replace('_', ' '), recorded.eventId().toString(), data));
        touch(now);
        return true;
    }

    /** Adds an external reference (the same person known in one more system). */
    public boolean attachRef(ExternalRef ref) {
        requireActive();
        boolean added = refs.add(ref.key());
        dirty |= added;
        return added;
    }

    /** Drops an external reference, e.g. after the contact was deleted in that CRM. The lead stays in the funnel. */
    public boolean detachRef(ExternalRef ref, Instant at, Instant now) {
        if (!refs.remove(ref.key())) {
            return false;
        }
        addTimeline(new TimelineEntry(at, "reference-removed", ref.system() + " record removed", null,
                Map.of("system", ref.system())));
        touch(now);
        return true;
    }

    /**
     * Starts merging this lead into {@code survivorId}: hands over profile and references, frees the e-mail and the
     * references for the survivor, and publishes {@link LeadErased} with reason {@code MERGED}.
     */
    public PendingMerge mergeInto(String survivorId, Instant at, Instant now) {
        requireActive();
        if (survivorId.equals(id)) {
            throw new IllegalArgumentException("a lead cannot be merged into itself");
        }
        Map<String, Instant> times = new HashMap<>();
        fieldTimes.forEach((f, t) -> times.put(f.jsonName(), t));
        pendingMerge = new PendingMerge(survivorId, toProfile(), times, List.copyOf(refs), at);
        mergedInto = survivorId;
        refs.clear();
        clearPersonalData();
        LeadErased erased = new LeadErased(UUID.randomUUID(), id, at, FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER,
                nextSequence(), LeadErased.Reason.MERGED, survivorId);
        emit(erased, new TimelineEntry(at, "merged", "merged into lead " + survivorId, erased.eventId().toString(),
                Map.of("mergedInto", survivorId)));
        touch(now);
        return pendingMerge;
    }

    /** The survivor's side of a merge: takes the other lead's references and, per field, the newer values. */
    public boolean absorb(String absorbedId, PendingMerge merge, Instant now) {
        requireActive();
        if (mergedLeadIds.contains(absorbedId)) {
            return false;
        }
        mergedLeadIds.add(absorbedId);
        refs.addAll(merge.refs());
        List<String> changed = new ArrayList<>();
        Map<ProfileField, Object> theirs = ProfileFields.toMap(merge.profile());
        for (ProfileField field : ProfileField.values()) {
            Instant theirTime = merge.fieldTimes().get(field.jsonName());
            Object theirValue = theirs.get(field);
            if (theirTime == null || theirValue == null) {
                continue;
            }
            Instant ourTime = fieldTimes.get(field);
            boolean ourMissing = profile.get(field) == null;
            if (ourMissing || ourTime == null || theirTime.isAfter(ourTime)) {
                fieldTimes.put(field, theirTime);
                if (!Objects.equals(profile.get(field), theirValue)) {
                    profile.put(field, theirValue);
                    changed.add(field.jsonName());
                }
            }
        }
        emitProfileUpdated(merge.at(), now, changed, List.of(absorbedId), "lead " + absorbedId + " merged in");
        return true;
    }

    /** The survivor has taken everything; the absorbed lead no longer holds anything to hand over. */
    public void completeMerge() {
        dirty |= pendingMerge != null;
        pendingMerge = null;
    }

    /** Erasure on request: personal data removed, anonymous funnel facts kept, {@link LeadErased} published. */
    public boolean erase(Actor actor, Instant now) {
        if (erasedAt != null) {
            return false;
        }
        refs.clear();
        clearPersonalData();
        erasedAt = now;
        for (int i = 0; i < timeline.size(); i++) {
            TimelineEntry e = timeline.get(i);
            timeline.set(i, new TimelineEntry(e.at(), e.kind(), e.kind(), e.eventId(), Map.of()));
        }
        LeadErased erased = new LeadErased(UUID.randomUUID(), id, now, FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER,
                nextSequence(), LeadErased.Reason.REQUEST, null);
        emit(erased, new TimelineEntry(now, "erased", "personal data erased", erased.eventId().toString(),
                Map.of("by", actor.kind() + ":" + actor.id())));
        touch(now);
        return true;
    }

    // ------------------------------------------------------------------------------- read models from events

    /**
     * Applies a lifecycle event from handoff-service to the stage and owner read model. Idempotent on the event id;
     * an event older than the newest one applied updates the timeline but not the current stage.
     */
    public boolean applyLifecycle(LifecycleEvent event, Instant now) {
        if (!remember(appliedEventIds, event.eventId().toString(), APPLIED_EVENT_LIMIT)) {
            return false;
        }
        boolean newest = lifecycleAt == null || !event.occurredAt().isBefore(lifecycleAt);
        String eventId = event.eventId().toString();
        if (event instanceof LeadStageChanged changed) {
            if (newest) {
                stage = changed.to();
                stageAt = changed.occurredAt();
                if (changed.owner() != null) {
                    owner = changed.owner();
                    team = changed.team();
                }
            }
            Map<String, String> data = new LinkedHashMap<>();
            if (changed.from() != null) {
                data.put("from", changed.from().name());
            }
            data.put("to", changed.to().name());
            if (changed.reasonCode() != null) {
                data.put("reasonCode", changed.reasonCode());
            }
            if (changed.definitionVersion() != null) {
                data.put("definitionVersion", changed.definitionVersion().toString());
            }
            addTimeline(new TimelineEntry(changed.occurredAt(), "stage",
                    (changed.from() == null ? "" : changed.from() + " -> ") + changed.to(), eventId, data));
        } else if (event instanceof HandoffAssigned assigned) {
            if (newest) {
                owner = assigned.owner();
                team = assigned.team();
            }
            addTimeline(new TimelineEntry(assigned.occurredAt(), "handoff", "handed to " + assigned.owner(),
                    eventId, nonNull(Map.of("owner", String.valueOf(assigned.owner()),
                    "team", String.valueOf(assigned.team())))));
        } else if (event instanceof HandoffSlaBreached breached) {
            addTimeline(new TimelineEntry(breached.occurredAt(), "sla-breached",
                    breached.sla() + " SLA breached by " + breached.owner(), eventId,
                    nonNull(Map.of("sla", String.valueOf(breached.sla()), "owner", String.valueOf(breached.owner())))));
        } else if (event instanceof LeadClosed closed) {
            if (newest) {
                stage = closed.outcome();
                stageAt = closed.occurredAt();
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("outcome", closed.outcome().name());
            if (closed.amount() != null) {
                data.put("amount", closed.amount().toPlainString());
                data.put("currency", String.valueOf(closed.currency()));
            }
            if (closed.lossReason() != null) {
                data.put("lossReason", closed.lossReason());
            }
            addTimeline(new TimelineEntry(closed.occurredAt(), "closed", "closed " + closed.outcome(), eventId, data));
        }
        if (newest) {
            lifecycleAt = event.occurredAt();
        }
        touch(now);
        return true;
    }

    /** Applies a score from scoring-service; the newest score by time wins. Idempotent on the event id. */
    public boolean applyScore(LeadScored scored, Instant now) {
        if (!remember(appliedEventIds, scored.eventId().toString(), APPLIED_EVENT_LIMIT)) {
            return false;
        }
        if (score == null || !scored.occurredAt().isBefore(score.at())) {
            score = new Score(scored.fit(), scored.engagement(), scored.total(), scored.grade(),
                    scored.modelVersion(), scored.occurredAt());
        }
        addTimeline(new TimelineEntry(scored.occurredAt(), "scored",
                "score " + scored.total() + " (fit " + scored.fit() + ", engagement " + scored.engagement()
                        + ", grade " + scored.grade() + ")",
                scored.eventId().toString(), Map.of("total", Integer.toString(scored.total()),
                "modelVersion", Integer.toString(scored.modelVersion()))));
        touch(now);
        return true;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private List<String> deriveDefaults(Instant at) {
        List<String> changed = new ArrayList<>();
        String email = (String) profile.get(ProfileField.EMAIL);
        if (profile.get(ProfileField.COMPANY_DOMAIN) == null && email != null) {
            String domain = ProfileValues.companyDomainOf(email);
            if (domain != null) {
                profile.put(ProfileField.COMPANY_DOMAIN, domain);
                fieldTimes.putIfAbsent(ProfileField.COMPANY_DOMAIN, Instant.EPOCH);
                changed.add(ProfileField.COMPANY_DOMAIN.jsonName());
            }
        }
        if (profile.get(ProfileField.ORIGIN) == null && profile.get(ProfileField.SOURCE) instanceof LeadSource source) {
            profile.put(ProfileField.ORIGIN, source.defaultOrigin());
            fieldTimes.putIfAbsent(ProfileField.ORIGIN, Instant.EPOCH);
            changed.add(ProfileField.ORIGIN.jsonName());
        }
        return changed;
    }

    private void emitProfileUpdated(Instant occurredAt, Instant now, List<String> changed, List<String> merged,
                                    String summary) {
        LeadProfileUpdated updated = new LeadProfileUpdated(UUID.randomUUID(), id, occurredAt,
                FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER, nextSequence(), toProfile(), changed, merged);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("fields", String.join(",", changed));
        if (!merged.isEmpty()) {
            data.put("mergedLeadIds", String.join(",", merged));
        }
        emit(updated, new TimelineEntry(occurredAt, merged.isEmpty() ? "profile-updated" : "merged",
                summary + (changed.isEmpty() ? "" : ": " + String.join(", ", changed)),
                updated.eventId().toString(), data));
        touch(now);
    }

    private void clearPersonalData() {
        for (ProfileField field : ProfileField.values()) {
            if (field.isPersonal()) {
                profile.remove(field);
                fieldTimes.remove(field);
            }
        }
    }

    private void requireActive() {
        if (erasedAt != null) {
            throw new LeadNotActiveException(id, "erased");
        }
        if (mergedInto != null) {
            throw new LeadNotActiveException(id, "merged into " + mergedInto);
        }
    }

    private void emit(LeadEvent event, TimelineEntry entry) {
        pendingEvents.add(event);
        addTimeline(entry);
    }

    private void addTimeline(TimelineEntry entry) {
        dirty = true;
        timeline.add(entry);
        if (timeline.size() > TIMELINE_LIMIT) {
            timeline.subList(0, timeline.size() - TIMELINE_LIMIT).clear();
        }
    }

    private void touch(Instant now) {
        dirty = true;
        if (now.isAfter(updatedAt)) {
            updatedAt = now;
        }
    }

    private long nextSequence() {
        return ++sequence;
    }

    private static boolean remember(LinkedHashSet<String> set, String value, int limit) {
        if (!set.add(value)) {
            return false;
        }
        if (set.size() > limit) {
            set.remove(set.iterator().next());
        }
        return true;
    }

    private static Map<String, String> nonNull(Map<String, String> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null && !"null".equals(v)) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    /** The lead's external references, one id per sending system. */
    public Map<String, String> refsBySystem() {
        Map<String, String> bySystem = new LinkedHashMap<>();
        for (String key : refs) {
            ExternalRef ref = ExternalRef.parse(key);
            bySystem.putIfAbsent(ref.system(), ref.id());
        }
        return bySystem;
    }

    // -------------------------------------------------------------------------------------------- accessors

    /** The current profile in the contract's shape. */
    public LeadProfile toProfile() {
        return ProfileFields.toProfile(profile);
    }

    public String id() {
        return id;
    }

    public long version() {
        return version;
    }

    public long sequence() {
        return sequence;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String channel() {
        return channel;
    }

    public Map<ProfileField, Object> profile() {
        return Map.copyOf(profile);
    }

    public Map<ProfileField, Instant> fieldTimes() {
        return Map.copyOf(fieldTimes);
    }

    public String email() {
        return (String) profile.get(ProfileField.EMAIL);
    }

    public Set<String> refs() {
        return Set.copyOf(refs);
    }

    /** References in insertion order. */
    public List<String> refList() {
        return List.copyOf(refs);
    }

    public Stage stage() {
        return stage;
    }

    public Instant stageAt() {
        return stageAt;
    }

    public String owner() {
        return owner;
    }

    public String team() {
        return team;
    }

    public Score score() {
        return score;
    }

    public String mergedInto() {
        return mergedInto;
    }

    public PendingMerge pendingMerge() {
        return pendingMerge;
    }

    public List<String> mergedLeadIds() {
        return List.copyOf(mergedLeadIds);
    }

    public Instant erasedAt() {
        return erasedAt;
    }

    public boolean isActive() {
        return erasedAt == null && mergedInto == null;
    }

    public List<TimelineEntry> timeline() {
        return List.copyOf(timeline);
    }

    public List<String> activityIds() {
        return List.copyOf(activityIds);
    }

    public List<String> appliedEventIds() {
        return List.copyOf(appliedEventIds);
    }

    public Instant lifecycleAt() {
        return lifecycleAt;
    }

    /** Events produced since the lead was loaded, in order; the repository stores them in the outbox. */
    public List<LeadEvent> pendingEvents() {
        return List.copyOf(pendingEvents);
    }

    // --------------------------------------------------------------------------------------- reconstitution

    /** Rebuilds a lead from its stored state (used by the repository only). */
    public static Lead restore(Snapshot s) {
        Lead lead = new Lead(s.id(), s.createdAt(), s.channel());
        lead.version = s.version();
        lead.sequence = s.sequence();
        lead.updatedAt = s.updatedAt();
        lead.profile.putAll(s.profile());
        lead.fieldTimes.putAll(s.fieldTimes());
        lead.refs.addAll(s.refs());
        lead.stage = s.stage() == null ? Stage.LEAD : s.stage();
        lead.stageAt = s.stageAt();
        lead.owner = s.owner();
        lead.team = s.team();
        lead.score = s.score();
        lead.mergedInto = s.mergedInto();
        lead.pendingMerge = s.pendingMerge();
        lead.mergedLeadIds.addAll(s.mergedLeadIds());
        lead.erasedAt = s.erasedAt();
        lead.timeline.addAll(s.timeline());
        lead.activityIds.addAll(s.activityIds());
        lead.appliedEventIds.addAll(s.appliedEventIds());
        lead.lifecycleAt = s.lifecycleAt();
        return lead;
    }

    /** The stored state of a lead. */
    public record Snapshot(String id, long version, long sequence, Instant createdAt, Instant updatedAt,
                           String channel, Map<ProfileField, Object> profile, Map<ProfileField, Instant> fieldTimes,
                           List<String> refs, Stage stage, Instant stageAt, String owner, String team, Score score,
                           String mergedInto, PendingMerge pendingMerge, List<String> mergedLeadIds,
                           Instant erasedAt, List<TimelineEntry> timeline, List<String> activityIds,
                           List<String> appliedEventIds, Instant lifecycleAt) {
    }

    /** Called by the repository after a successful write. */
    public void markStored(long newVersion) {
        version = newVersion;
        pendingEvents.clear();
        dirty = false;
    }

    /** Whether anything changed since the lead was loaded or last stored. */
    public boolean isDirty() {
        return dirty;
    }

    /** Convenience for origin-aware callers. */
    public LeadOrigin origin() {
        return (LeadOrigin) profile.get(ProfileField.ORIGIN);
    }
}
