package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The milestones of one lead: what its events say, kept so that the result does not depend on the order or the number
 * of times they arrive, and without a list of raw events. Every part is either a <em>register</em> that keeps the
 * newest value by business time ({@code occurredAt}, then {@code eventId}; a profile by its per-lead
 * {@code sequence} first) or a <em>set</em> of milestones keyed by the event id that made them, kept in business
 * order:
 *
 * <ul>
 *   <li>registers: the capture time (the earliest capture), the profile, the latest score, the merge and the
 *       erasure;</li>
 *   <li>sets: the stage entries, the hand-offs, the SLA breaches and the closures.</li>
 * </ul>
 *
 * A repeated event finds its milestone already there; an older score or profile finds a newer one. Either way nothing
 * changes. Activities are not kept: no figure needs them. Scores are kept as the latest only, so a lead's record does
 * not grow with the number of times it is scored.
 *
 * <p>{@link #fact()} derives the {@link LeadFact} the reports read. It is what folding every distinct event in
 * business order gives: the latest non-null owner, team and definition version among the stage entries, hand-offs and
 * closures; a LEAD entry without a previous stage left out once the capture is known (the capture is the lead's first
 * LEAD entry).
 */
public final class LeadRecord {

    /** What applying an event did to the record. */
    public enum Outcome {
        /** The record changed. */
        APPLIED,
        /** The record already holds this event. */
        DUPLICATE,
        /** The record holds a newer value of what the event says (an older score or profile): nothing changed. */
        SUPERSEDED,
        /** The metrics keep nothing of this kind of event. */
        IGNORED
    }

    /** The profile in effect, without personal values, and the event that gave it. */
    public record Profile(long sequence, Instant at, String eventId, LeadProfile profile) {
    }

    /** The latest score. */
    public record Score(Instant at, String eventId, int total, String grade) {
    }

    /** A register of one event: a merge ({@code value} is the surviving lead) or an erasure ({@code value} null). */
    public record Mark(Instant at, String eventId, String value) {
    }

    /** A hand-off with the definition version it names, which the lead's latest definition version may come from. */
    public record Assignment(String eventId, Handoff handoff, Integer definitionVersion) {
    }

    /** An SLA breach and the event that reported it. */
    public record Breach(String eventId, SlaBreach breach) {
    }

    /** A closure and the event that reported it. */
    public record Close(String eventId, Closure closure) {
    }

    /** A milestone that may name the lead's owner, team and definition version. */
    private record Assigning(Instant at, String eventId, String owner, String team, Integer definitionVersion) {
    }

    private static final Comparator<Instant> TIME = Comparator.naturalOrder();

    private final String leadId;
    private Instant capturedAt;
    private Profile profile;
    private Score score;
    private Mark merge;
    private Mark erasure;
    private final List<StageEntry> entries = new ArrayList<>();
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<Breach> breaches = new ArrayList<>();
    private final List<Close> closes = new ArrayList<>();

    public LeadRecord(String leadId) {
        this.leadId = Objects.requireNonNull(leadId, "leadId");
    }

    /** The record of {@code events}, applied in the order given (any order gives the same record). */
    public static LeadRecord of(String leadId, Collection<? extends FunnelEvent> events) {
        LeadRecord record = new LeadRecord(leadId);
        events.forEach(record::apply);
        return record;
    }

    /** A record from its stored parts, each set in business order ({@link #sorted}). */
    public static LeadRecord of(String leadId, Instant capturedAt, Profile profile, Score score, Mark merge,
                                Mark erasure, List<StageEntry> entries, List<Assignment> assignments,
                                List<Breach> breaches, List<Close> closes) {
        LeadRecord record = new LeadRecord(leadId);
        record.capturedAt = capturedAt;
        record.profile = profile;
        record.score = score;
        record.merge = merge;
        record.erasure = erasure;
        record.entries.addAll(sorted(entries, StageEntry::at, StageEntry::eventId));
        record.assignments.addAll(sorted(assignments, a -> a.handoff().at(), Assignment::eventId));
        record.breaches.addAll(sorted(breaches, b -> b.breach().at(), Breach::eventId));
        record.closes.addAll(sorted(closes, c -> c.closure().at(), Close::eventId));
        return record;
    }

    public LeadRecord copy() {
        return of(leadId, capturedAt, profile, score, merge, erasure, entries, assignments, breaches, closes);
    }

    /** Whether the metrics keep anything of this kind of event. */
    public static boolean isKept(FunnelEvent event) {
        return !(event instanceof LeadActivityRecorded);
    }

    /** Takes an event into the record. */
    public Outcome apply(FunnelEvent event) {
        if (!leadId.equals(event.leadId())) {
            throw new IllegalArgumentException("event of lead " + event.leadId() + " applied to " + leadId);
        }
        Instant at = event.occurredAt();
        String id = event.eventId().toString();
        if (event instanceof LeadCaptured captured) {
            boolean earlier = capturedAt == null || at.isBefore(capturedAt);
            if (earlier) {
                capturedAt = at;
            }
            Outcome profiled = profile(captured.sequence(), at, id, captured.profile());
            return earlier ? Outcome.APPLIED : profiled;
        }
        if (event instanceof LeadProfileUpdated updated) {
            return profile(updated.sequence(), at, id, updated.profile());
        }
        if (event instanceof LeadScored scored) {
            if (score != null && order(at, id, score.at(), score.eventId()) <= 0) {
                return id.equals(score.eventId()) ? Outcome.DUPLICATE : Outcome.SUPERSEDED;
            }
            score = new Score(at, id, scored.total(), scored.grade());
            return Outcome.APPLIED;
        }
        if (event instanceof LeadErased erased) {
            Mark mark = new Mark(at, id, erased.reason() == LeadErased.Reason.MERGED
                    ? erased.mergedInto() == null ? "unknown" : erased.mergedInto() : null);
            Mark held = erased.reason() == LeadErased.Reason.MERGED ? merge : erasure;
            if (held != null && order(at, id, held.at(), held.eventId()) <= 0) {
                return id.equals(held.eventId()) ? Outcome.DUPLICATE : Outcome.SUPERSEDED;
            }
            if (erased.reason() == LeadErased.Reason.MERGED) {
                merge = mark;
            } else {
                erasure = mark;
            }
            return Outcome.APPLIED;
        }
        if (event instanceof LeadStageChanged changed) {
            return add(entries, new StageEntry(changed.to(), at, changed.from(), changed.reasonCode(),
                    changed.owner(), changed.team(), changed.definitionVersion(),
                    changed.causedBy() != null && changed.causedBy().kind() == Actor.Kind.USER, id),
                    StageEntry::at, StageEntry::eventId);
        }
        if (event instanceof HandoffAssigned assigned) {
            return add(assignments, new Assignment(id, new Handoff(assigned.handoffId(), at, assigned.owner(),
                    assigned.team(), assigned.acceptDueAt()), assigned.definitionVersion()),
                    a -> a.handoff().at(), Assignment::eventId);
        }
        if (event instanceof HandoffSlaBreached breached) {
            return add(breaches, new Breach(id, new SlaBreach(breached.handoffId(),
                    breached.sla() == null ? null : breached.sla().name(), breached.owner(), breached.team(),
                    breached.dueAt(), at)), b -> b.breach().at(), Breach::eventId);
        }
        if (event instanceof LeadClosed closed) {
            return add(closes, new Close(id, new Closure(closed.outcome(), at, closed.amount(), closed.currency(),
                    closed.lossReason(), closed.owner(), closed.team())), c -> c.closure().at(), Close::eventId);
        }
        return Outcome.IGNORED;
    }

    /** The profile with the highest sequence wins; among equal sequences the later one in business order. */
    private Outcome profile(long sequence, Instant at, String id, LeadProfile given) {
        if (profile != null) {
            int order = Long.compare(sequence, profile.sequence());
            if (order == 0) {
                order = order(at, id, profile.at(), profile.eventId());
            }
            if (order <= 0) {
                return id.equals(profile.eventId()) ? Outcome.DUPLICATE : Outcome.SUPERSEDED;
            }
        }
        LeadProfile p = given == null ? LeadProfile.empty() : given;
        profile = new Profile(sequence, at, id, p.withoutPersonalValues());
        return Outcome.APPLIED;
    }

    /** Inserts a milestone at its place in business order unless its event is there already. */
    private static <T> Outcome add(List<T> set, T milestone, Function<T, Instant> at, Function<T, String> id) {
        int index = set.size();
        while (index > 0) {
            T before = set.get(index - 1);
            int order = order(at.apply(before), id.apply(before), at.apply(milestone), id.apply(milestone));
            if (order == 0) {
                return Outcome.DUPLICATE;
            }
            if (order < 0) {
                break;
            }
            index--;
        }
        set.add(index, milestone);
        return Outcome.APPLIED;
    }

    private static int order(Instant at, String id, Instant otherAt, String otherId) {
        int order = TIME.compare(at, otherAt);
        return order != 0 ? order : id.compareTo(otherId);
    }

    private static <T> List<T> sorted(List<T> items, Function<T, Instant> at, Function<T, String> id) {
        List<T> copy = new ArrayList<>(items);
        copy.sort((a, b) -> order(at.apply(a), id.apply(a), at.apply(b), id.apply(b)));
        return copy;
    }

    /** The fact the reports read: what folding every distinct event of the record in business order gives. */
    public LeadFact fact() {
        List<StageEntry> kept = new ArrayList<>(entries.size());
        for (StageEntry entry : entries) {
            if (!(capturedAt != null && entry.stage() == Stage.LEAD && entry.from() == null)) {
                kept.add(entry);
            }
        }
        // the latest non-null owner, team and definition version, in business order
        List<Assigning> assigning = new ArrayList<>(kept.size() + assignments.size() + closes.size());
        kept.forEach(e -> assigning.add(new Assigning(e.at(), e.eventId(), e.owner(), e.team(),
                e.definitionVersion())));
        assignments.forEach(a -> assigning.add(new Assigning(a.handoff().at(), a.eventId(), a.handoff().owner(),
                a.handoff().team(), a.definitionVersion())));
        closes.forEach(c -> assigning.add(new Assigning(c.closure().at(), c.eventId(), c.closure().owner(),
                c.closure().team(), null)));
        String owner = null;
        String team = null;
        Integer definitionVersion = null;
        for (Assigning a : sorted(assigning, Assigning::at, Assigning::eventId)) {
            owner = a.owner() != null ? a.owner() : owner;
            team = a.team() != null ? a.team() : team;
            definitionVersion = a.definitionVersion() != null ? a.definitionVersion() : definitionVersion;
        }
        LeadProfile p = profile == null ? LeadProfile.empty() : profile.profile();
        return new LeadFact(leadId, capturedAt, p.source(), p.sourceDetail(), p.campaign(), p.origin(),
                Segment.of(p.companySize()), p.industry(), p.country(), owner, team, definitionVersion,
                score == null ? null : score.total(), score == null ? null : score.grade(), kept,
                assignments.stream().map(Assignment::handoff).toList(),
                breaches.stream().map(Breach::breach).toList(),
                closes.isEmpty() ? null : closes.get(closes.size() - 1).closure(),
                merge == null ? null : merge.value(), erasure != null);
    }

    public String leadId() {
        return leadId;
    }

    public Instant capturedAt() {
        return capturedAt;
    }

    public Profile profile() {
        return profile;
    }

    public Score score() {
        return score;
    }

    public Mark merge() {
        return merge;
    }

    public Mark erasure() {
        return erasure;
    }

    /** Every stage entry, in business order (a LEAD entry the capture replaces included). */
    public List<StageEntry> entries() {
        return List.copyOf(entries);
    }

    public List<Assignment> assignments() {
        return List.copyOf(assignments);
    }

    public List<Breach> breaches() {
        return List.copyOf(breaches);
    }

    public List<Close> closes() {
        return List.copyOf(closes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeadRecord r && leadId.equals(r.leadId) && Objects.equals(capturedAt, r.capturedAt)
                && Objects.equals(profile, r.profile) && Objects.equals(score, r.score)
                && Objects.equals(merge, r.merge) && Objects.equals(erasure, r.erasure) && entries.equals(r.entries)
                && assignments.equals(r.assignments) && breaches.equals(r.breaches) && closes.equals(r.closes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leadId, capturedAt, profile, score, entries.size());
    }

    @Override
    public String toString() {
        return "LeadRecord[" + leadId + ", entries=" + entries + ", score=" + score + "]";
    }
}
