package io.leadfunnel.metrics.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.AggregateStore;
import io.leadfunnel.metrics.aggregate.Contributions;
import io.leadfunnel.metrics.aggregate.Counters;
import io.leadfunnel.metrics.aggregate.DailyConversion;
import io.leadfunnel.metrics.config.MetricsConfig;
import io.leadfunnel.metrics.domain.DailyCounts;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadRecord;
import io.leadfunnel.metrics.repository.FactRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Applies events to the active store (and, while a rebuild runs on any instance, to the generation being rebuilt too,
 * so nothing that arrives during the replay is missed) and reads the aggregates every report is computed from. Which
 * generations those are is read from the store for each poll and each query, so every instance follows a rebuild that
 * another one runs. No lead is kept in memory: a lead's fact is read from its document when a poll changes it, and the
 * reports read the aggregates.
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
    private final Duration rebuildStale;
    /** The clock the rebuild's heartbeat is written with ({@link StoreRebuild}). */
    private final Clock clock;
    /** This instance's view of each log it appends to ({@link AccountedApply}), per generation. */
    private final ConcurrentMap<String, ConcurrentMap<String, AggregateStore.Log>> views = new ConcurrentHashMap<>();
    /** Held to apply; taken exclusively while this instance establishes a generation's aggregates from its leads. */
    private final ReadWriteLock generations = new ReentrantReadWriteLock();
    public FactService(FactRepository repository, AggregateStore aggregates, AccountedApply accounted,
                       MeterRegistry registry, MetricsConfig config, Clock clock) {
        this.repository = repository;
        this.aggregates = aggregates;
        this.accounted = accounted;
        this.registry = registry;
        this.rebuildStale = config.rebuildTimeout().multipliedBy(2);
        this.clock = clock;
    }

    /** The generation queries read, as the store names it now. */
    public String activeGeneration() {
        return repository.activeGeneration();
    }

    /**
     * A rebuild whose replay has not written for twice the rebuild timeout is taken as dead (its instance stopped): the
     * consumers stop writing into it. The replay itself gives up after one timeout without writing, so it never
     * carries on into a generation the consumers left.
     */
    static boolean alive(FactRepository.Generations now, Instant at, Duration stale) {
        return now.rebuilding() != null && now.heartbeat() != null && now.heartbeat().plus(stale).isAfter(at);
    }

    private ConcurrentMap<String, AggregateStore.Log> views(String generation) {
        return views.computeIfAbsent(generation, g -> new ConcurrentHashMap<>());
    }

    /**
     * Applies a poll's events to the active generation, its leads and its aggregates ({@link AccountedApply}), then to
     * the generation being rebuilt, if any, the same way: its aggregates are counted from its first write on.
     *
     * @param byLead each lead's events, in the order they were read
     * @param from   where the poll's records came from
     * @return each lead's outcome, in the order given
     */
    public Map<String, FactRepository.LeadApplied> apply(Map<String, List<FunnelEvent>> byLead,
                                                         AccountedApply.PollSource from) {
        generations.readLock().lock();
        try {
            FactRepository.Generations now = repository.generations();
            Map<String, FactRepository.LeadApplied> applied = accounted.apply(now.active(), byLead, from,
                    views(now.active()));
            applied.values().forEach(lead -> {
                if (lead.change() != null) {
                    recordStageDurations(lead.change().before(), lead.change().after());
                }
            });
            if (alive(now, clock.instant(), rebuildStale)) {
                accounted.apply(now.rebuilding(), byLead, from, views(now.rebuilding()));
            }
            return applied;
        } finally {
            generations.readLock().unlock();
        }
    }

    /**
     * The rebuild's replay of some leads' events into the generation it fills, counted through logs of its own
     * ({@code partitionOf} names them).
     */
    public Map<String, FactRepository.LeadApplied> applyReplay(String generation,
                                                               Map<String, List<FunnelEvent>> byLead,
                                                               AccountedApply.PollSource from) {
        return accounted.apply(generation, byLead, from, views(generation));
    }

    /**
     * Folds the given logs of {@code generation} until a fold removes nothing: the rebuild's replay folds its own logs
     * as it goes, since it appends far faster than the scheduled folds take, and before it switches over, so that the
     * rebuilt generation starts with them folded (nothing appends to them after the replay, and readers would
     * otherwise add them in every query). Ends because nothing else appends to those logs meanwhile.
     */
    public void foldAll(String generation, Collection<String> partitions) {
        generations.readLock().lock();
        try {
            while (accounted.fold(generation, partitions) > 0) {
                // this fold took entries: there may be more
            }
        } finally {
            generations.readLock().unlock();
        }
    }

    /** Folds the logs this instance appends to into their generation's aggregates (active, and being rebuilt). */
    public void foldLogs() {
        generations.readLock().lock();
        try {
            // read under the lock: a generation dropped meanwhile has left the pointer before its drop took the lock
            FactRepository.Generations now = repository.generations();
            views.keySet().removeIf(generation -> !generation.equals(now.active())
                    && !generation.equals(now.rebuilding()));
            // every generation's logs are folded even when one fails; the first failure is thrown for the pass to log
            RuntimeException failed = null;
            for (Map.Entry<String, ConcurrentMap<String, AggregateStore.Log>> view : views.entrySet()) {
                try {
                    accounted.fold(view.getKey(), List.copyOf(view.getValue().keySet()));
                } catch (RuntimeException e) {
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            generations.readLock().unlock();
        }
    }

    /**
     * The all-time totals of the active generation ({@link Contributions#TOTALS}); established from the stored leads
     * first when the generation has no aggregates yet.
     */
    public Map<String, Long> totals() {
        return aggregates(activeGeneration(), List.of(Contributions.TOTALS)).of(Contributions.TOTALS);
    }

    /** The daily counts and open leads every report reads, from the aggregates of the generation active now. */
    public DailyCounts dailyCounts() {
        String generation = activeGeneration();
        return new DailyConversion(ids -> aggregates(generation, ids));
    }

    /** The given aggregate documents of a generation, established first when it has none yet. */
    private Counters aggregates(String generation, Collection<String> ids) {
        Optional<Counters> read = aggregates.read(generation, ids);
        if (read.isEmpty()) {
            establish(generation);
            read = aggregates.read(generation, ids);
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
    private void establish(String generation) {
        generations.writeLock().lock();
        try {
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

    /**
     * From the consumers' next poll on, on every instance, events are also applied to {@code generation}, a new one:
     * its aggregates start empty and established, so each write into it counts through its logs.
     *
     * @return the generation an unfinished rebuild was filling, replaced by this one; null when none
     */
    public String startRebuildInto(String generation, Instant now) {
        aggregates.establish(generation, each -> { });
        return repository.startRebuilding(generation, now);
    }

    /** The rebuild of {@code generation} is still writing; false when another rebuild took its place. */
    public boolean rebuilding(String generation, Instant now) {
        return repository.heartbeat(generation, now);
    }

    /**
     * Switches reads and writes to the rebuilt generation: each instance's next poll and query use it.
     *
     * @return the generation that was active before
     * @throws IllegalStateException when {@code generation} is no longer the one being rebuilt (another rebuild took
     *                               its place, or the consumers took it for dead)
     */
    public String switchTo(String generation) {
        String old = activeGeneration();
        if (!repository.activate(generation)) {
            throw new IllegalStateException("the generation is no longer the one being rebuilt");
        }
        return old;
    }

    /** Events are no longer applied to {@code generation} (from each instance's next poll on). */
    public void abandonRebuild(String generation) {
        repository.stopRebuilding(generation);
    }

    /**
     * Every stored lead's contribution in a generation, read lead by lead, less the changes leads carry that the logs
     * do not hold yet (the polls that wrote them count them when applied again).
     */
    private AggregateStore.StoredContributions contributions(String generation) {
        return (logs, each) -> repository.forEachContribution(generation, logs, each);
    }

    /**
     * Drops a generation that is no longer used: its leads, logs and aggregates. This instance's polls and folds in
     * progress finish first (they could otherwise write into it again, which would create its collections anew).
     */
    public void drop(String generation) {
        generations.writeLock().lock();
        try {
            repository.drop(generation);
            aggregates.drop(generation);
        } finally {
            generations.writeLock().unlock();
        }
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
