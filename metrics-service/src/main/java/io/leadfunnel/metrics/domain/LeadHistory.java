package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
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
        return fold().fact();
    }

    /** Every kept event folded in business order. */
    public LeadFold fold() {
        List<FunnelEvent> sorted = events();
        LeadFold fold = new LeadFold(leadId, sorted.stream().anyMatch(e -> e instanceof LeadCaptured));
        sorted.forEach(fold::step);
        return fold;
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
