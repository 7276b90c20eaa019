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
import io.leadfunnel.metrics.repository.FactRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Applies events to the active store (and, while a rebuild runs, to the generation being rebuilt too, so nothing that
 * arrives during the replay is missed) and serves the facts of every lead from memory: loaded from the store once,
 * then kept current with each applied event (the newest document version wins, so concurrent consumer threads cannot
 * leave an older fact behind).
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
    /** Facts by lead id, null until loaded from the active generation. */
    private volatile ConcurrentMap<String, Versioned> cache;
    /** Counts changes to {@link #cache}; a snapshot is current while the count it was taken at is. */
    private final AtomicLong changes = new AtomicLong();
    /** The facts as a list for the reports, taken at a change count. */
    private volatile Snapshot snapshot;

    private record Snapshot(long changes, List<LeadFact> facts, AtomicReference<Optional<Instant>> earliestCapture) {
    }

    private record Versioned(long version, LeadFact fact) {
    }

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
     * Applies a poll's events to the active generation, its leads and its aggregates ({@link AccountedApply}). The
     * facts in memory take each changed lead as soon as the active generation has it, before the generation being
     * rebuilt is written: when that second write fails and the poll is applied again, the events are duplicates in
     * the active generation, and memory already has them.
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
            applied.forEach((leadId, lead) -> {
                if (lead.change() != null) {
                    remember(leadId, lead.change());
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

    /** Conversion's daily counts, read from the active generation's aggregates. */
    public DailyCounts dailyCounts() {
        return new DailyConversion(this::aggregates);
    }

    /** The given aggregate documents of the active generation, established first when it has none yet. */
    private Counters aggregates(Collection<String> ids) {
        Optional<Counters> read = aggregates.read(activeGeneration(), ids);
        if (read.isEmpty()) {
            load();
            read = aggregates.read(activeGeneration(), ids);
        }
        return read.orElseGet(Counters::empty);
    }

    private void remember(String leadId, FactRepository.Applied change) {
        ConcurrentMap<String, Versioned> facts = cache;
        if (facts != null) {
            facts.merge(leadId, new Versioned(change.version(), change.after()),
                    (old, now) -> now.version() > old.version() ? now : old);
            changes.incrementAndGet();
        }
        recordStageDurations(change.before(), change.after());
    }

    /** Every lead's fact (merged-away leads included; the reports leave them out). */
    public List<LeadFact> facts() {
        return current().facts();
    }

    /** The earliest capture among the counting leads, kept per state of the facts (every query asks). */
    public Optional<Instant> earliestCapture() {
        Snapshot taken = current();
        Optional<Instant> earliest = taken.earliestCapture().get();
        if (earliest == null) {
            earliest = taken.facts().stream().filter(LeadFact::counts)
                    .map(f -> f.reachedAtOrNull(Stage.LEAD)).filter(Objects::nonNull).min(Instant::compareTo);
            taken.earliestCapture().compareAndSet(null, earliest);
        }
        return earliest;
    }

    private Snapshot current() {
        Snapshot taken = snapshot;
        if (taken != null && taken.changes() == changes.get()) {
            return taken;
        }
        // the count is read before the map and the copy, and every change counts after it is made: a change the
        // copy may have missed (or a switch to another generation) has moved the count on, so it is not used again
        long count = changes.get();
        ConcurrentMap<String, Versioned> facts = cache;
        if (facts == null) {
            facts = load();
        }
        taken = new Snapshot(count, facts.values().stream().map(Versioned::fact).toList(), new AtomicReference<>());
        snapshot = taken;
        return taken;
    }

    /**
     * Loads every fact of the active generation; applies wait meanwhile, so none is missed or overtaken. A generation
     * without aggregates (a store written before they existed) gets them from the same facts.
     */
    private ConcurrentMap<String, Versioned> load() {
        generations.writeLock().lock();
        try {
            String generation = activeGeneration();
            boolean established = aggregates.established(generation);
            if (cache == null || !established) {
                // the facts in memory are current too: no poll is applied while this lock is held
                ConcurrentMap<String, Versioned> facts = cache != null ? cache : read(generation);
                if (!established) {
                    aggregates.establish(generation, sum(facts.values().stream().map(Versioned::fact).toList()));
                }
                if (cache == null) {
                    cache = facts;
                    changes.incrementAndGet();
                }
            }
            return cache;
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
            // read once while no poll is applied: the facts in memory, and the aggregates made from them (the rebuilt
            // generation's leads carry no change for any log)
            ConcurrentMap<String, Versioned> facts = read(generation);
            aggregates.establish(generation, sum(facts.values().stream().map(Versioned::fact).toList()));
            repository.activate(generation);
            active = generation;
            rebuilding = null;
            cache = facts;
            logs.clear();
            changes.incrementAndGet();
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

    private ConcurrentMap<String, Versioned> read(String generation) {
        ConcurrentMap<String, Versioned> facts = new ConcurrentHashMap<>();
        for (FactRepository.Stored stored : repository.facts(generation)) {
            facts.put(stored.fact().leadId(), new Versioned(stored.version(), stored.fact()));
        }
        return facts;
    }

    private static Counters sum(List<LeadFact> facts) {
        Counters sum = Counters.empty();
        facts.forEach(fact -> sum.add(Contributions.of(fact), 1));
        return sum;
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
