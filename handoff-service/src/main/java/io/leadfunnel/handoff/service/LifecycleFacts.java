package io.leadfunnel.handoff.service;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.MqlEvaluation;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.domain.Score;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a fact from lead.events, lead.profiles or lead.scores does to a lifecycle, and the judgement that follows: a
 * lead whose profile, personal values or score changed is judged against the active definition and, if it qualifies,
 * routed. One rule for the record at a time ({@link LifecycleService}) and the poll at a time
 * ({@link LifecycleBatch}).
 */
final class LifecycleFacts {

    private static final Logger LOG = Logger.getLogger(LifecycleFacts.class);
    private static final Set<ActivityType> CONTACTS = EnumSet.of(ActivityType.CALL, ActivityType.MEETING);

    private final DefinitionService definitions;
    private final RoutingService routing;
    private final Clock clock;

    LifecycleFacts(DefinitionService definitions, RoutingService routing, Clock clock) {
        this.definitions = definitions;
        this.routing = routing;
        this.clock = clock;
    }

    /** A fact from lead.events; a profile change may qualify the lead. */
    void apply(LeadLifecycle lifecycle, LeadEvent event, OpenHandoffTally handoffs) {
        if (event instanceof LeadCaptured captured) {
            lifecycle.captured(captured.sequence(), captured.profile(), captured.personalValues());
            qualify(lifecycle, handoffs);
        } else if (event instanceof LeadProfileUpdated updated) {
            lifecycle.profileChanged(updated.sequence(), updated.profile(), updated.personalValues());
            qualify(lifecycle, handoffs);
        } else if (event instanceof LeadErased erased) {
            lifecycle.erased(erased.occurredAt());
        } else if (event instanceof LeadActivityRecorded activity && CONTACTS.contains(activity.activityType())) {
            lifecycle.contacted(activity.occurredAt());
        }
    }

    /** A score from lead.scores; the lead is qualified if it now meets the definition. */
    void apply(LeadLifecycle lifecycle, LeadScored scored, OpenHandoffTally handoffs) {
        lifecycle.scored(new Score(scored.fit(), scored.engagement(), scored.total(), scored.grade(),
                scored.modelVersion(), scored.occurredAt()));
        qualify(lifecycle, handoffs);
    }

    /**
     * A lead's personal values from lead.profiles. They may complete a profile that waited for them
     * ({@link LeadLifecycle#awaitsPersonalValues()}), so the lead is judged again. There is no event id: the record is
     * idempotent by its sequence, and one older than the values held, or coming after their erasure, is stale.
     */
    LifecycleService.Outcome apply(LeadLifecycle lifecycle, LeadPersonalData personal, OpenHandoffTally handoffs) {
        if (!lifecycle.personalDataArrived(personal)) {
            return LifecycleService.Outcome.STALE;
        }
        qualify(lifecycle, handoffs);
        return LifecycleService.Outcome.APPLIED;
    }

    /**
     * A tombstone on lead.profiles: the lead's personal data was erased. The values held are dropped and nothing is
     * decided on it; the lead's LeadErased on lead.events does the rest.
     */
    LifecycleService.Outcome personalDataErased(LeadLifecycle lifecycle) {
        lifecycle.personalDataErased();
        return LifecycleService.Outcome.APPLIED;
    }

    /** Judges the lead against the active definition and routes it if it qualifies. */
    void qualify(LeadLifecycle lifecycle, OpenHandoffTally handoffs) {
        Optional<AgreedLeadDefinition> definition = definitions.active();
        if (definition.isEmpty()) {
            LOG.warn("no active lead definition; leads are not qualified");
            return;
        }
        Instant now = clock.instant();
        Optional<MqlEvaluation> evaluation = lifecycle.evaluate(definition.get(), now);
        if (evaluation.isPresent() && evaluation.get().qualifies()) {
            RoutingDecision decision = routing.route(lifecycle.facts(), handoffs);
            lifecycle.assign(decision, definition.get(), now);
        }
    }
}
