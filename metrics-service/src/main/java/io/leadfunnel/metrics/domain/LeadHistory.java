package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.CriterionResult;
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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of one lead that matter to the metrics, each kept once (by {@code eventId}), and the {@link LeadFact}
 * folded from them. The fold sorts the events by business time ({@code occurredAt}, then {@code eventId}; profiles by
 * their per-lead sequence), so the fact does not depend on the order the topics delivered them in.
 * Activities are not kept: no metric needs them.
 */
public final class LeadHistory {

    private static final Comparator<FunnelEvent> BUSINESS_ORDER = Comparator
            .comparing(FunnelEvent::occurredAt).thenComparing(e -> e.eventId().toString());

    private final String leadId;
    private final Map<UUID, FunnelEvent> events = new LinkedHashMap<>();

    public LeadHistory(String leadId) {
        this.leadId = leadId;
    }

    public static LeadHistory of(String leadId, Collection<? extends FunnelEvent> events) {
        LeadHistory history = new LeadHistory(leadId);
        events.forEach(history::apply);
        return history;
    }

    public String leadId() {
        return leadId;
    }

    /**
     * Adds an event.
     *
     * @return false when it was already applied (same eventId) or is not kept
     */
    public boolean apply(FunnelEvent event) {
        if (!leadId.equals(event.leadId())) {
            throw new IllegalArgumentException("event of lead " + event.leadId() + " applied to " + leadId);
        }
        if (!isKept(event) || events.containsKey(event.eventId())) {
            return false;
        }
        events.put(event.eventId(), withoutPersonalData(event));
        return true;
    }

    public boolean contains(UUID eventId) {
        return events.containsKey(eventId);
    }

    /** The kept events, without personal data, in business order. */
    public List<FunnelEvent> events() {
        List<FunnelEvent> sorted = new ArrayList<>(events.values());
        sorted.sort(BUSINESS_ORDER);
        return sorted;
    }

    /** Whether the metrics keep this kind of event at all. */
    public static boolean isKept(FunnelEvent event) {
        return !(event instanceof LeadActivityRecorded);
    }

    /** The fact as of every kept event. */
    public LeadFact fact() {
        List<FunnelEvent> sorted = events();
        LeadProfile profile = null;
        long profileSequence = Long.MIN_VALUE;
        java.time.Instant capturedAt = null;
        LeadScored score = null;
        String owner = null;
        String team = null;
        Integer definitionVersion = null;
        List<StageEntry> entries = new ArrayList<>();
        List<Handoff> handoffs = new ArrayList<>();
        List<SlaBreach> breaches = new ArrayList<>();
        Closure closure = null;
        String mergedInto = null;
        boolean erased = false;
        boolean hasCapture = sorted.stream().anyMatch(e -> e instanceof LeadCaptured);

        for (FunnelEvent event : sorted) {
            if (event instanceof LeadCaptured captured) {
                capturedAt = capturedAt == null || captured.occurredAt().isBefore(capturedAt)
                        ? captured.occurredAt() : capturedAt;
                if (captured.sequence() >= profileSequence) {
                    profile = captured.profile();
                    profileSequence = captured.sequence();
                }
            } else if (event instanceof LeadProfileUpdated updated) {
                if (updated.sequence() >= profileSequence) {
                    profile = updated.profile();
                    profileSequence = updated.sequence();
                }
            } else if (event instanceof LeadErased erasure) {
                if (erasure.reason() == LeadErased.Reason.MERGED) {
                    mergedInto = erasure.mergedInto() == null ? "unknown" : erasure.mergedInto();
                } else {
                    erased = true;
                }
            } else if (event instanceof LeadScored scored) {
                score = scored;
            } else if (event instanceof LeadStageChanged changed) {
                if (changed.to() == Stage.LEAD && changed.from() == null && hasCapture) {
                    continue; // the capture already is the lead's first LEAD entry
                }
                entries.add(new StageEntry(changed.to(), changed.occurredAt(), changed.from(), changed.reasonCode(),
                        changed.owner(), changed.team(), changed.definitionVersion(),
                        changed.causedBy() != null && changed.causedBy().kind() == io.leadfunnel.events.Actor.Kind.USER,
                        changed.eventId().toString()));
                owner = changed.owner() != null ? changed.owner() : owner;
                team = changed.team() != null ? changed.team() : team;
                definitionVersion = changed.definitionVersion() != null ? changed.definitionVersion() : definitionVersion;
            } else if (event instanceof HandoffAssigned assigned) {
                handoffs.add(new Handoff(assigned.handoffId(), assigned.occurredAt(), assigned.owner(), assigned.team(),
                        assigned.acceptDueAt()));
                owner = assigned.owner() != null ? assigned.owner() : owner;
                team = assigned.team() != null ? assigned.team() : team;
                definitionVersion = assigned.definitionVersion() != null ? assigned.definitionVersion() : definitionVersion;
            } else if (event instanceof HandoffSlaBreached breached) {
                breaches.add(new SlaBreach(breached.handoffId(), breached.sla() == null ? null : breached.sla().name(),
                        breached.owner(), breached.team(), breached.dueAt(), breached.occurredAt()));
            } else if (event instanceof LeadClosed closed) {
                closure = new Closure(closed.outcome(), closed.occurredAt(), closed.amount(), closed.currency(),
                        closed.lossReason(), closed.owner(), closed.team());
                owner = closed.owner() != null ? closed.owner() : owner;
                team = closed.team() != null ? closed.team() : team;
            }
        }
        LeadProfile p = profile == null ? LeadProfile.empty() : profile;
        return new LeadFact(leadId, capturedAt, p.source(), p.sourceDetail(), p.campaign(), p.origin(),
                Segment.of(p.companySize()), p.industry(), p.country(), owner, team, definitionVersion,
                score == null ? null : score.total(), score == null ? null : score.grade(),
                entries, handoffs, breaches, closure, mergedInto, erased);
    }

    /** The event as the metrics store it: profiles without name, e-mail, company, domain or title. */
    public static FunnelEvent withoutPersonalData(FunnelEvent event) {
        if (event instanceof LeadCaptured c) {
            return new LeadCaptured(c.eventId(), c.leadId(), c.occurredAt(), c.schemaVersion(), c.producer(),
                    c.sequence(), anonymous(c.profile()), Map.of(), c.channel());
        }
        if (event instanceof LeadProfileUpdated u) {
            return new LeadProfileUpdated(u.eventId(), u.leadId(), u.occurredAt(), u.schemaVersion(), u.producer(),
                    u.sequence(), anonymous(u.profile()), u.changedFields(), u.mergedLeadIds());
        }
        if (event instanceof LeadStageChanged s && s.criteria().stream().anyMatch(LeadHistory::quotesPersonalData)) {
            // the MQL criteria quote the e-mail domain, company domain and title they judged; no figure needs them
            return new LeadStageChanged(s.eventId(), s.leadId(), s.occurredAt(), s.schemaVersion(), s.producer(),
                    s.from(), s.to(), s.definitionVersion(), s.criteria().stream().map(c -> quotesPersonalData(c)
                    ? new CriterionResult(c.criterion(), c.passed(), null, c.expected()) : c).toList(),
                    s.causedBy(), s.reasonCode(), s.reason(), s.owner(), s.team());
        }
        return event;
    }

    /** Criteria whose observed value comes from the lead's personal data. */
    private static final java.util.Set<String> PERSONAL_CRITERIA = java.util.Set.of("mql.excludeFreeMail",
            "mql.excludeCompetitors", "mql.excludeStudentsAndJobSeekers");

    private static boolean quotesPersonalData(CriterionResult criterion) {
        return criterion.observed() != null && PERSONAL_CRITERIA.contains(criterion.criterion());
    }

    private static LeadProfile anonymous(LeadProfile p) {
        return new LeadProfile(null, null, null, null, null, null, p.country(), p.industry(), p.companySize(),
                p.source(), p.sourceDetail(), p.campaign(), p.origin());
    }
}
