package io.leadfunnel.lead.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a lead holds, as one immutable value. {@link Lead} moves from one state to the next as it accepts
 * commands; the repository stores exactly this and restores a lead from it.
 *
 * @param id          the lead's id
 * @param version     optimistic-concurrency version of the stored document
 * @param sequence    the last event sequence number given out for this lead
 * @param createdAt   when lead-service first stored the lead
 * @param updatedAt   when lead-service last changed it
 * @param channel     how it came in ({@code hubspot}, {@code api}, ...)
 * @param profile     the profile values and the time of the report behind each
 * @param refs        external references ({@code system|id}), unique, in the order they were attached
 * @param decisions   stage, owner and score as other services decided them
 * @param merges      the lead's part in merging duplicates
 * @param erasedAt    when its personal data was erased on request, or null
 * @param timeline    its history, oldest first, at most {@link #TIMELINE_LIMIT} lines
 * @param activityIds the senders' activity ids taken in, oldest first, remembered for deduplication
 */
public record LeadState(String id, long version, long sequence, Instant createdAt, Instant updatedAt, String channel,
                        ReportedProfile profile, List<String> refs, FunnelDecisions decisions, Merges merges,
                        Instant erasedAt, List<TimelineEntry> timeline, List<String> activityIds) {

    /** Timeline entries kept per lead; the oldest are dropped first. */
    public static final int TIMELINE_LIMIT = 500;
    /** Activity ids remembered for deduplication. */
    public static final int ACTIVITY_ID_LIMIT = 2_000;

    public LeadState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        profile = profile == null ? new ReportedProfile(Map.of(), Map.of()) : profile;
        refs = refs == null ? List.of() : List.copyOf(refs);
        decisions = decisions == null ? FunnelDecisions.undecided(createdAt) : decisions;
        merges = merges == null ? Merges.NONE : merges;
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        activityIds = activityIds == null ? List.of() : List.copyOf(activityIds);
    }

    /** A lead just captured, at stage {@code LEAD} since {@code occurredAt}, stored at {@code now}. */
    static LeadState captured(String id, Instant occurredAt, Instant now, String channel, ExternalRef ref,
                              ProfilePatch patch) {
        return new LeadState(id, 0, 0, now, now, channel, ReportedProfile.captured(patch, occurredAt),
                ref == null ? List.of() : List.of(ref.key()), FunnelDecisions.undecided(occurredAt), Merges.NONE,
                null, List.of(), List.of());
    }

    /** Whether the lead still takes changes: neither erased nor merged into another lead. */
    public boolean isActive() {
        return erasedAt == null && !merges.isMergedAway();
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

    /** Refuses a change to a lead that was erased or merged into another one. */
    void requireActive() {
        if (erasedAt != null) {
            throw new LeadNotActiveException(id, "erased");
        }
        if (merges.isMergedAway()) {
            throw new LeadNotActiveException(id, "merged into " + merges.mergedInto());
        }
    }

    boolean hasActivity(String activityId) {
        return activityIds.contains(activityId);
    }

    LeadState withNextSequence() {
        return new LeadState(id, version, sequence + 1, createdAt, updatedAt, channel, profile, refs, decisions,
                merges, erasedAt, timeline, activityIds);
    }

    /** Changed at {@code now}; a change applied late never moves the time back. */
    LeadState touched(Instant now) {
        Instant newest = now.isAfter(updatedAt) ? now : updatedAt;
        return new LeadState(id, version, sequence, createdAt, newest, channel, profile, refs, decisions, merges,
                erasedAt, timeline, activityIds);
    }

    LeadState withProfile(ReportedProfile newProfile) {
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, newProfile, refs, decisions,
                merges, erasedAt, timeline, activityIds);
    }

    /** With these references too; those already held keep their place. */
    LeadState withRefs(Collection<String> keys) {
        LinkedHashSet<String> all = new LinkedHashSet<>(refs);
        all.addAll(keys);
        return withRefList(List.copyOf(all));
    }

    LeadState withoutRef(String key) {
        List<String> rest = new ArrayList<>(refs);
        rest.remove(key);
        return withRefList(rest);
    }

    LeadState withDecisions(FunnelDecisions newDecisions) {
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, profile, refs, newDecisions,
                merges, erasedAt, timeline, activityIds);
    }

    LeadState withMerges(Merges newMerges) {
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, profile, refs, decisions,
                newMerges, erasedAt, timeline, activityIds);
    }

    /** What this lead hands to {@code survivorId} when merged into it: its profile, report times and references. */
    PendingMerge handover(String survivorId, Instant at) {
        if (survivorId.equals(id)) {
            throw new IllegalArgumentException("a lead cannot be merged into itself");
        }
        return new PendingMerge(survivorId, profile.toProfile(), profile.timesByName(), refs, at);
    }

    /** Merged away: holding what the survivor still has to take, and none of the keys the survivor takes over. */
    LeadState mergedAway(PendingMerge handover) {
        return withMerges(merges.handingOver(handover)).withoutPersonalData();
    }

    /** The survivor, having taken {@code absorbedId}'s references and the profile merged with its values. */
    LeadState absorbed(String absorbedId, PendingMerge merge, ReportedProfile mergedProfile) {
        return withMerges(merges.absorbed(absorbedId)).withRefs(merge.refs()).withProfile(mergedProfile);
    }

    /** Without references and personal values, which frees the e-mail and the references for other leads. */
    LeadState withoutPersonalData() {
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, profile.withoutPersonalData(),
                List.of(), decisions, merges, erasedAt, timeline, activityIds);
    }

    /** Erased at {@code at}: no personal data left, not even in the timeline's details. */
    LeadState erased(Instant at) {
        LeadState cleared = withoutPersonalData();
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, cleared.profile, cleared.refs,
                decisions, merges, at, timeline.stream().map(TimelineEntry::withoutDetails).toList(), activityIds);
    }

    /** With one more line of history; the oldest lines go beyond {@link #TIMELINE_LIMIT}. */
    LeadState withEntry(TimelineEntry entry) {
        List<TimelineEntry> lines = new ArrayList<>(timeline);
        lines.add(entry);
        if (lines.size() > TIMELINE_LIMIT) {
            lines.subList(0, lines.size() - TIMELINE_LIMIT).clear();
        }
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, profile, refs, decisions, merges,
                erasedAt, lines, activityIds);
    }

    /** With one more activity id; the oldest is forgotten beyond {@link #ACTIVITY_ID_LIMIT}. */
    LeadState withActivity(String activityId) {
        List<String> ids = new ArrayList<>(activityIds);
        ids.add(activityId);
        if (ids.size() > ACTIVITY_ID_LIMIT) {
            ids.remove(0);
        }
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, profile, refs, decisions, merges,
                erasedAt, timeline, ids);
    }

    /** As written at {@code newVersion}. */
    LeadState stored(long newVersion) {
        return new LeadState(id, newVersion, sequence, createdAt, updatedAt, channel, profile, refs, decisions, merges,
                erasedAt, timeline, activityIds);
    }

    private LeadState withRefList(List<String> newRefs) {
        return new LeadState(id, version, sequence, createdAt, updatedAt, channel, profile, newRefs, decisions,
                merges, erasedAt, timeline, activityIds);
    }
}
