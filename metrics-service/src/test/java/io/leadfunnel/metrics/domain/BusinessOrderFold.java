package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The meaning of a lead's fact, stated the plain way: keep each distinct event once, sort them by business time
 * ({@code occurredAt}, then {@code eventId}) and fold them one after the other. {@link LeadRecord} must give the same
 * fact for any order and any number of copies of the same events; the tests hold it to this fold.
 */
public final class BusinessOrderFold {

    private final String leadId;
    private final boolean hasCapture;
    private long profileSequence = Long.MIN_VALUE;
    private Instant capturedAt;
    private LeadProfile profile = LeadProfile.empty();
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

    private BusinessOrderFold(String leadId, boolean hasCapture) {
        this.leadId = leadId;
        this.hasCapture = hasCapture;
    }

    /** The fact of the distinct kept events among {@code events}, folded in business order. */
    public static LeadFact fact(String leadId, Collection<? extends FunnelEvent> events) {
        Map<UUID, FunnelEvent> distinct = new LinkedHashMap<>();
        events.stream().filter(LeadRecord::isKept).forEach(e -> distinct.putIfAbsent(e.eventId(), e));
        List<FunnelEvent> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparing(FunnelEvent::occurredAt).thenComparing(e -> e.eventId().toString()));
        BusinessOrderFold fold = new BusinessOrderFold(leadId,
                sorted.stream().anyMatch(e -> e instanceof LeadCaptured));
        sorted.forEach(fold::step);
        return fold.fact();
    }

    private void step(FunnelEvent event) {
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
                return; // the capture already is the lead's first LEAD entry
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
    }

    private void profile(long sequence, LeadProfile given) {
        if (sequence >= profileSequence) {
            profileSequence = sequence;
            profile = given == null ? LeadProfile.empty() : given;
        }
    }

    private void assign(String newOwner, String newTeam, Integer newDefinitionVersion) {
        owner = newOwner != null ? newOwner : owner;
        team = newTeam != null ? newTeam : team;
        definitionVersion = newDefinitionVersion != null ? newDefinitionVersion : definitionVersion;
    }

    private LeadFact fact() {
        LeadSource source = profile.source();
        LeadOrigin origin = profile.origin();
        return new LeadFact(leadId, capturedAt, source, profile.sourceDetail(), profile.campaign(), origin,
                Segment.of(profile.companySize()), profile.industry(), profile.country(), owner, team,
                definitionVersion, scoreTotal, grade, entries, handoffs, breaches, closure, mergedInto, erased);
    }
}
