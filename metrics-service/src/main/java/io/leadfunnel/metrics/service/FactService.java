package io.leadfunnel.metrics.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.AggregateStore;
import io.leadfunnel.metrics.aggregate.Contributions;
import io.leadfunnel.metrics.aggregate.Counters;
import io.leadfunnel.metrics.aggregate.DailyConversion;
import io.leadfunnel.metrics.domain.DailyCounts;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadRecord;
import io.leadfunnel.metrics.repository.FactRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Applies events to the active store (and, while a rebuild runs, to the generation being rebuilt too, so nothing that
 * arrives during the replay is missed) and reads the aggregates every report is computed from. No lead is kept in
 * memory: a lead's fact is read from its document when a poll changes it, and the reports read the aggregates.
 */
@ApplicationScoped
public class FactService {

    /** Bucket bounds of the stage-duration histogram. */
    static final Duration[] DURATION_BUCKETS = {Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(4), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14),
            Duration.ofDays(30), Duration.ofDays(90)};

    private final FactRepository repository;
    private final AggregateStore aggregates;
    private final AccountedApply accounted;
    private final MeterRegistry registry;
    /** This instance's view of each partition's log of the active generation ({@link AccountedApply}). */
    private final ConcurrentMap<String, AggregateStore.Log> logs = new ConcurrentHashMap<>();
    private final ReadWriteLock generations = new ReentrantReadWriteLock();
    private volatile String active;
    private volatile String rebuilding;
    public FactService(FactRepository repository, AggregateStore aggregates, AccountedApply accounted,
                       MeterRegistry registry) {
        this.repository = repository;
        this.aggregates = aggregates;
        this.accounted = accounted;
        this.registry = registry;
    }

    public String activeGeneration() {
        String current = active;
        if (current == null) {
            current = repository.activeGeneration();
            active = current;
        }
        return current;
    }

    /**
     * Applies a poll's events to the active generation, its leads and its aggregates ({@link AccountedApply}), then to
     * the generation being rebuilt, if any.
     *
     * @param byLead each lead's events, in the order they were read
     * @param from   where the poll's records came from
     * @return each lead's outcome, in the order given
     */
    public Map<String, FactRepository.LeadApplied> apply(Map<String, List<FunnelEvent>> byLead,
                                                         AccountedApply.PollSource from) {
        generations.readLock().lock();
        try {
            Map<String, FactRepository.LeadApplied> applied = accounted.apply(activeGeneration(), byLead, from,
                    logs);
            applied.values().forEach(lead -> {
                if (lead.change() != null) {
                    recordStageDurations(lead.change().before(), lead.change().after());
                }
            });
            String target = rebuilding;
            if (target != null) {
                repository.applyPoll(target, byLead, null);
            }
            return applied;
        } finally {
            generations.readLock().unlock();
        }
    }

    /** Folds the logs of the partitions this instance consumes into the active generation's aggregates. */
    public void foldLogs() {
        generations.readLock().lock();
        try {
            accounted.fold(activeGeneration(), List.copyOf(logs.keySet()));
        } finally {
            generations.readLock().unlock();
        }
    }

    /**
     * The all-time totals of the active generation ({@link Contributions#TOTALS}); established from the stored leads
     * first when the generation has no aggregates yet.
     */
    public Map<String, Long> totals() {
        return aggregates(List.of(Contributions.TOTALS)).of(Contributions.TOTALS);
    }

    /** The daily counts and open leads every report reads, from the active generation's aggregates. */
    public DailyCounts dailyCounts() {
        return new DailyConversion(this::aggregates);
    }

    /** The given aggregate documents of the active generation, established first when it has none yet. */
    private Counters aggregates(Collection<String> ids) {
        Optional<Counters> read = aggregates.read(activeGeneration(), ids);
        if (read.isEmpty()) {
            establish();
            read = aggregates.read(activeGeneration(), ids);
        }
        return read.orElseGet(Counters::empty);
    }

    /** A lead's fact as the active generation holds it now. */
    public Optional<LeadFact> fact(String leadId) {
        return repository.record(activeGeneration(), leadId).map(LeadRecord::fact);
    }

    /**
     * Establishes the active generation's aggregates from its stored leads when it has none (a store written before
     * they existed, or by an earlier version); applies wait meanwhile, so no change is counted twice or missed.
     */
    private void establish() {
        generations.writeLock().lock();
        try {
            String generation = activeGeneration();
            if (!aggregates.established(generation)) {
                aggregates.establish(generation, contributions(generation));
            }
        } finally {
            generations.writeLock().unlock();
        }
    }

    /** Fails with a {@code MongoException} while the store is unreachable: work that needs it is refused up front. */
    public void requireStore() {
        repository.ping();
    }

    /** From now on, events are also applied to {@code generation}. */
    public void startRebuildInto(String generation) {
        generations.writeLock().lock();
        try {
            rebuilding = generation;
        } finally {
            generations.writeLock().unlock();
        }
    }

    /**
     * Switches reads and writes to the rebuilt generation. Nothing changes unless the store took the switch, so a
     * failed call may be repeated.
     *
     * @return the generation that was active before, now unused
     */
    public String switchTo(String generation) {
        generations.writeLock().lock();
        try {
            String old = activeGeneration();
            // read once while no poll is applied: the aggregates made from the rebuilt leads (they carry no change for
            // any log)
            aggregates.establish(generation, contributions(generation));
            repository.activate(generation);
            active = generation;
            rebuilding = null;
            logs.clear();
            return old;
        } finally {
            generations.writeLock().unlock();
        }
    }

    /** Events are no longer applied to {@code generation}; once this returns, nothing writes to it any more. */
    public void abandonRebuild(String generation) {
        generations.writeLock().lock();
        try {
            if (generation.equals(rebuilding)) {
                rebuilding = null;
            }
        } finally {
            generations.writeLock().unlock();
        }
    }

    /** Every stored lead's contribution in a generation, read lead by lead. */
    private Consumer<Consumer<Counters>> contributions(String generation) {
        return each -> repository.forEachFact(generation, fact -> each.accept(Contributions.of(fact)));
    }

    /** Drops a generation that is no longer used: its leads, logs and aggregates. */
    public void drop(String generation) {
        repository.drop(generation);
        aggregates.drop(generation);
    }

    /** Records each chain step this event completed (once per lead and step; replays during a rebuild are not). */
    private void recordStageDurations(LeadFact was, LeadFact is) {
        if (!is.counts()) {
            return;
        }
        for (int i = 0; i + 1 < LeadFact.CHAIN.size(); i++) {
            Stage stage = LeadFact.CHAIN.get(i);
            Stage next = LeadFact.CHAIN.get(i + 1);
            if (was.between(stage, next).isEmpty()) {
                is.between(stage, next).ifPresent(d -> Timer.builder("funnel.stage.duration")
                        .description("Time from first entry into a stage to first entry into the next chain stage")
                        .tag("stage", stage.name().toLowerCase())
                        .tag("source", Dimension.SOURCE.valueOf(is))
                        .tag("segment", is.segment().label())
                        .serviceLevelObjectives(DURATION_BUCKETS)
                        .register(registry)
                        .record(d));
            }
        }
    }
}
