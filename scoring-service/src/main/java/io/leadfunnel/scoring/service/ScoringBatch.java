package io.leadfunnel.scoring.service;

import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.runtime.consumer.Poison;
import io.leadfunnel.runtime.consumer.PollConsumption;
import io.leadfunnel.runtime.store.Failures;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.VersionedBulkWrite;
import io.leadfunnel.scoring.config.ScoringConfig;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.repository.LeadScoringRepository.Read;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a poll of one topic's records to the leads' scoring states: the states read in one {@code _id $in} query,
 * each lead's records applied in order in memory by the topic's {@link Rule} (a duplicate changes nothing, as one at a
 * time), each changed lead re-scored once at the end, and every changed lead written in one bulk write guarded by the
 * version read. So a lead gets at most one {@code LeadScored} per poll, from the score it had before the poll to the
 * one it has after, and only when they differ ({@link LeadScoringState#rescore} is the same rule as for one record).
 * <p>
 * Each attempt holds the leads' locks, so this instance's other writers (decay, re-scoring, the consumer of the other
 * topic) wait; leads that lost the race to another writer all the same (another instance, the relay clearing an
 * outbox) are read, applied and written again, alone, up to {@code max-write-attempts} times. That is also what keeps
 * lead.events and lead.profiles correct when they change one lead at once: whichever writes second finds the version
 * moved on and applies its records again to the state the other wrote.
 */
@ApplicationScoped
public class ScoringBatch {

    /** What one record did to a lead's state. */
    public enum Step {

        /** Nothing: a duplicate, a stale record, a record for a lead already erased. */
        UNCHANGED,

        /** Changed it, and the lead is to be scored again. */
        RESCORES,

        /** Changed it, but the lead is not to be scored now (its values wait for their event, or were erased). */
        STORED
    }

    /** How one topic's records change a lead's scoring state. */
    public interface Rule<R> {

        /** Applies one record; throws when it cannot be applied at all (poison). */
        Step apply(LeadScoringState state, R record, ScoringModel model, Instant now);

        /** The record's type, for the consumer's counters. */
        String type(R record);
    }

    /** What became of one record, for the consumer's counters. */
    public record Counted(String type, LeadScoring.Outcome outcome) {
    }

    /** The records applied and those that cannot be. */
    public record Applied(List<Counted> counted, List<Poison> poison) {

        /** As the consumer counts it: each outcome by its lower-case name. */
        public PollConsumption.Applied toConsumption() {
            return new PollConsumption.Applied(counted.stream().map(c -> new PollConsumption.Counted(c.type(),
                    c.outcome().name().toLowerCase(Locale.ROOT))).toList(), poison);
        }
    }

    private final LeadScoringRepository states;
    private final ActiveModel activeModel;
    private final ScoringConfig config;
    private final Clock clock;
    private final OptimisticWrite write;

    public ScoringBatch(LeadScoringRepository states, ActiveModel activeModel, ScoringConfig config, Clock clock,
                        LeadLocks locks) {
        this.states = states;
        this.activeModel = activeModel;
        this.config = config;
        this.clock = clock;
        this.write = new OptimisticWrite(locks, config.maxWriteAttempts(), LeadScoring::backOff,
                what -> new ConcurrentScoringUpdateException(what, config.maxWriteAttempts()));
    }

    /** Applies the leads' records by {@code rule}; returns what became of each and the poison among them. */
    public <R> Applied apply(Map<String, List<LeadPoll.Entry<R>>> leads, Rule<R> rule) {
        Map<String, Lead<R>> done = new LinkedHashMap<>();
        write.writeEach(leads.keySet(), "a poll of " + leads.size() + " leads", pending -> {
            ScoringModel model = activeModel.current();
            Instant now = clock.instant();
            Map<String, Read> read = states.findStates(pending);
            List<Read> changed = new ArrayList<>();
            for (String leadId : pending) {
                Lead<R> lead = applyLead(read.getOrDefault(leadId, Read.absent(leadId)), leads.get(leadId), rule,
                        model, now);
                done.put(leadId, lead);
                if (lead.changed != null) {
                    changed.add(lead.changed);
                }
            }
            VersionedBulkWrite.Result result = states.saveAll(changed, now);
            result.refused().forEach((leadId, error) -> done.get(leadId).refused(new IllegalStateException(
                    "the store refused the scoring state of lead " + leadId + " (error " + error.getCode() + ")")));
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
     * One lead's records applied to its state as read. The last record that changed the state decides whether the
     * lead is scored again. A record that throws for good is poison: the lead is applied again from the state read
     * without it, so nothing half-applied is written.
     */
    private <R> Lead<R> applyLead(Read read, List<LeadPoll.Entry<R>> entries, Rule<R> rule, ScoringModel model,
                                  Instant now) {
        Map<LeadPoll.Entry<R>, Poison> poisoned = new LinkedHashMap<>();
        while (true) {
            Lead<R> lead = new Lead<>();
            LeadScoringState state = read.state().copy();
            Step last = Step.UNCHANGED;
            boolean failed = false;
            for (LeadPoll.Entry<R> entry : entries) {
                if (poisoned.containsKey(entry)) {
                    continue;
                }
                try {
                    Step step = rule.apply(state, entry.event(), model, now);
                    if (step != Step.UNCHANGED) {
                        last = step;
                    }
                    lead.counted.add(new Counted(rule.type(entry.event()), step == Step.UNCHANGED
                            ? LeadScoring.Outcome.DUPLICATE : LeadScoring.Outcome.APPLIED));
                    lead.applied.add(entry);
                } catch (RuntimeException e) {
                    if (Failures.isTransient(e)) {
                        throw e;
                    }
                    poisoned.put(entry, new Poison(entry.record(), e));
                    failed = true;
                    break;
                }
            }
            if (failed) {
                continue;
            }
            lead.poison.addAll(poisoned.values());
            if (last == Step.RESCORES) {
                state.rescore(model, now, LeadScoringState.TRIGGER_EVENT, config.decay().engagementStep());
            }
            if (last != Step.UNCHANGED) {
                lead.changed = read.with(state);
            }
            return lead;
        }
    }

    /** One lead's part of the poll. */
    private static final class Lead<R> {
        private final List<Counted> counted = new ArrayList<>();
        private final List<LeadPoll.Entry<R>> applied = new ArrayList<>();
        private final List<Poison> poison = new ArrayList<>();
        private Read changed;

        /** The store refused the lead's write for good: the records that changed it are poison. */
        void refused(RuntimeException cause) {
            applied.forEach(entry -> poison.add(new Poison(entry.record(), cause)));
            counted.clear();
            changed = null;
        }
    }
}
