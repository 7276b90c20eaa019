package io.leadfunnel.handoff.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.repository.LifecycleRepository.Change;
import io.leadfunnel.handoff.repository.LifecycleRepository.Loaded;
import io.leadfunnel.handoff.repository.LifecycleRepository.Read;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.leadfunnel.runtime.store.Failures;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.VersionedBulkWrite;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies a poll of lead.events, lead.profiles or lead.scores records: the leads' lifecycles read in one
 * {@code _id $in} query, each lead's records applied in order in memory with the same rules as one at a time
 * ({@link LifecycleFacts}; an event whose id the lifecycle has applied changes nothing, personal values are taken by
 * their sequence), and every changed lifecycle written in one unordered bulk write guarded by the version read
 * ({@link LifecycleRepository#saveAll}). Each attempt holds the leads' locks, so this instance's other writers (sales
 * actions, the SLA timer, the other channels' polls) wait; leads that lost the race all the same (another instance,
 * the relay clearing an outbox) are read, applied and written again, alone, up to {@value LifecycleService#ATTEMPTS}
 * times. Routing within a poll counts the hand-offs the poll opened before ({@link OpenHandoffTally}), so a poll does
 * not fill a rep past its capacity.
 */
@ApplicationScoped
public class LifecycleBatch {

    /** What became of one record, for the consumer's counters. */
    public record Counted(String type, LifecycleService.Outcome outcome) {
    }

    /** The records applied and those that cannot be. */
    public record Applied(List<Counted> counted, List<Poison> poison) {

        /** As the consumer counts it: each outcome by its lower-case name. */
        public PollConsumption.Applied toConsumption() {
            return new PollConsumption.Applied(counted.stream().map(c -> new PollConsumption.Counted(c.type(),
                    c.outcome().name().toLowerCase(Locale.ROOT))).toList(), poison);
        }
    }

    /**
     * A lead's record on lead.profiles, as read.
     *
     * @param personal its personal values; null for a tombstone (the lead's personal data was erased)
     */
    public record ProfileRecord(String leadId, LeadPersonalData personal) {

        /** The counter type of a record with personal values. */
        public static final String PERSONAL_DATA = "LeadPersonalData";

        /** The counter type of a tombstone. */
        public static final String TOMBSTONE = "tombstone";

        public boolean tombstone() {
            return personal == null;
        }

        /** The record's type for the consumer's counters. */
        public String type() {
            return tombstone() ? TOMBSTONE : PERSONAL_DATA;
        }
    }

    /** What one record does to its lead's lifecycle: {@link LifecycleService.Outcome#APPLIED} when it changed it. */
    private interface Fact<E> {
        LifecycleService.Outcome apply(LeadLifecycle lifecycle, E record, OpenHandoffTally handoffs);
    }

    /** What one event does to its lead's lifecycle. */
    private interface EventFact<E> {
        void apply(LeadLifecycle lifecycle, E event, OpenHandoffTally handoffs);
    }

    private final LifecycleRepository repository;
    private final RoutingService routing;
    private final LifecycleFacts facts;
    private final OptimisticWrite write;

    public LifecycleBatch(LifecycleRepository repository, DefinitionService definitions, RoutingService routing,
                          Clock clock, LeadLocks locks) {
        this.repository = repository;
        this.routing = routing;
        this.facts = new LifecycleFacts(definitions, routing, clock);
        this.write = new OptimisticWrite(locks, LifecycleService.ATTEMPTS, LifecycleService::backOff,
                ConcurrentUpdateException::new);
    }

    /** Applies the leads' lead.events records; returns what became of each and the poison among them. */
    public Applied applyLeadEvents(Map<String, List<LeadPoll.Entry<LeadEvent>>> leads) {
        return apply(leads, once(facts::apply), LeadEvent::type);
    }

    /** Applies the leads' lead.scores records; returns what became of each and the poison among them. */
    public Applied applyScores(Map<String, List<LeadPoll.Entry<LeadScored>>> leads) {
        return apply(leads, once(facts::apply), LeadScored::type);
    }

    /**
     * Applies the leads' lead.profiles records; returns what became of each and the poison among them. After a
     * tombstone nothing brings the values back, even later in the same poll.
     */
    public Applied applyProfiles(Map<String, List<LeadPoll.Entry<ProfileRecord>>> leads) {
        return apply(leads, (lifecycle, record, handoffs) -> record.tombstone()
                ? facts.personalDataErased(lifecycle)
                : facts.apply(lifecycle, record.personal(), handoffs), ProfileRecord::type);
    }

    /** An event's fact applied once: a redelivery (by event id) changes nothing. */
    private static <E extends FunnelEvent> Fact<E> once(EventFact<E> fact) {
        return (lifecycle, event, handoffs) -> {
            if (lifecycle.hasApplied(event.eventId())) {
                return LifecycleService.Outcome.DUPLICATE;
            }
            fact.apply(lifecycle, event, handoffs);
            lifecycle.markApplied(event.eventId());
            return LifecycleService.Outcome.APPLIED;
        };
    }

    private <E> Applied apply(Map<String, List<LeadPoll.Entry<E>>> leads, Fact<E> fact, Function<E, String> typeOf) {
        Map<String, Lead<E>> done = new LinkedHashMap<>();
        write.writeEach(leads.keySet(), "a poll of " + leads.size() + " leads' lifecycles", pending -> {
            OpenHandoffTally handoffs = routing.openHandoffs();
            Map<String, Read> read = repository.findAll(pending);
            List<Change> changed = new ArrayList<>();
            for (String leadId : leads.keySet()) {
                if (!pending.contains(leadId)) {
                    continue;
                }
                Read lifecycle = read.getOrDefault(leadId, Read.absent(leadId));
                Lead<E> lead = applyLead(lifecycle, leads.get(leadId), fact, typeOf, handoffs);
                done.put(leadId, lead);
                if (lead.changed != null) {
                    changed.add(new Change(lead.changed, lifecycle));
                }
            }
            VersionedBulkWrite.Result result = repository.saveAll(changed);
            result.refused().forEach((leadId, error) -> done.get(leadId).refused(new IllegalStateException(
                    "the store refused the lifecycle of lead " + leadId + " (error " + error.getCode() + ")")));
            return result.conflicted();
        });
        List<Counted> counted = new ArrayList<>();
        List<Poison> poison = new ArrayList<>();
        leads.keySet().forEach(leadId -> {
            counted.addAll(done.get(leadId).counted);
            poison.addAll(done.get(leadId).poison);
        });
        return new Applied(counted, poison);
    }

    /**
     * One lead's records applied, in order, to its lifecycle as read. A record that throws for good is poison: the
     * lead is applied again from the lifecycle read without it, so nothing half-applied is written. The hand-off the
     * lead's records opened, moved or ended goes to {@code handoffs}, for the leads routed after it.
     */
    private <E> Lead<E> applyLead(Read read, List<LeadPoll.Entry<E>> entries, Fact<E> fact,
                                  Function<E, String> typeOf, OpenHandoffTally handoffs) {
        Map<LeadPoll.Entry<E>, Poison> poisoned = new LinkedHashMap<>();
        while (true) {
            Lead<E> lead = new Lead<>();
            Loaded loaded = read.load();
            LeadLifecycle lifecycle = loaded.lifecycle();
            boolean changed = false;
            boolean failed = false;
            for (LeadPoll.Entry<E> entry : entries) {
                if (poisoned.containsKey(entry)) {
                    continue;
                }
                LifecycleService.Outcome outcome;
                try {
                    outcome = fact.apply(lifecycle, entry.event(), handoffs);
                } catch (RuntimeException e) {
                    if (Failures.isTransient(e)) {
                        throw e;
                    }
                    poisoned.put(entry, new Poison(entry.record(), e));
                    failed = true;
                    break;
                }
                lead.counted.add(new Counted(typeOf.apply(entry.event()), outcome));
                if (outcome == LifecycleService.Outcome.APPLIED) {
                    changed = true;
                    lead.applied.add(entry);
                }
            }
            if (failed) {
                continue;
            }
            lead.poison.addAll(poisoned.values());
            if (changed) {
                lead.changed = loaded;
                handoffs.moved(loaded.openOwner(), LifecycleRepository.openRep(lifecycle));
            }
            return lead;
        }
    }

    /** One lead's part of the poll. */
    private static final class Lead<E> {
        private final List<Counted> counted = new ArrayList<>();
        private final List<LeadPoll.Entry<E>> applied = new ArrayList<>();
        private final List<Poison> poison = new ArrayList<>();
        private Loaded changed;

        /** The store refused the lead's write for good: the records that changed it are poison. */
        void refused(RuntimeException cause) {
            applied.forEach(entry -> poison.add(new Poison(entry.record(), cause)));
            counted.clear();
            changed = null;
        }
    }
}
