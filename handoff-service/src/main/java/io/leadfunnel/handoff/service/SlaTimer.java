package io.leadfunnel.handoff.service;

import io.leadfunnel.handoff.config.HandoffConfig;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.Handoff;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.leadfunnel.runtime.store.DueTimeIndex;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SLA clocks. The due times live on each lead's document ({@code timerDueAt}), so they survive restarts: every
 * few seconds this looks for the ones that ran out, publishes the breach and escalates (first to the next rep of the
 * team, then to the team's manager queue), in one versioned write per lead. A clock that ran out while the service
 * was down fires on the first pass after it starts.
 *
 * <p>A pass finds the due clocks in memory ({@link DueTimeIndex}), not by a query on {@code timerDueAt}, which the
 * embedded engine answers by scanning every lifecycle. The first pass, and then one every
 * {@code funnel.handoff.sla.sweep-interval}, reads every stored clock into the index first (one scan), for the clocks
 * another instance stored. While the index is not complete (more clocks open than it holds), a pass asks the store.
 */
@ApplicationScoped
public class SlaTimer {

    private static final Logger LOG = Logger.getLogger(SlaTimer.class);

    private final ScheduledPass pass = new ScheduledPass("the SLA timer pass", LOG);

    private final LifecycleRepository repository;
    private final DefinitionService definitions;
    private final RoutingService routing;
    private final HandoffConfig config;
    private final Clock clock;
    private final Counter breaches;
    /** Fewer attempts than a consumed fact gets: a breach that keeps losing is simply still due on the next pass. */
    private final OptimisticWrite writes;
    private final DueTimeIndex clocks;

    public SlaTimer(LifecycleRepository repository, DefinitionService definitions, RoutingService routing,
                    HandoffConfig config, Clock clock, MeterRegistry registry, LeadLocks locks,
                    DueTimeIndex clocks) {
        this.repository = repository;
        this.clocks = clocks;
        this.writes = new OptimisticWrite(locks, 5, LifecycleService::backOff, ConcurrentUpdateException::new);
        this.definitions = definitions;
        this.routing = routing;
        this.config = config;
        this.clock = clock;
        this.breaches = Counter.builder("funnel.handoff.sla.breaches")
                .description("Hand-off SLA clocks that ran out and were escalated").register(registry);
    }

    @Scheduled(every = "${funnel.handoff.sla.check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        pass.run(() -> {
            int breached = checkDue();
            if (breached > 0) {
                LOG.infof("%d hand-off SLA breaches escalated", breached);
            }
        });
    }

    /** One pass: handles every clock that ran out by now; returns the number of breaches recorded. */
    public synchronized int checkDue() {
        Optional<AgreedLeadDefinition> definition = definitions.active();
        if (definition.isEmpty()) {
            return 0;
        }
        sweepWhenDue();
        Instant now = clock.instant();
        int batch = config.sla().batchSize();
        List<String> due = clocks.complete() ? clocks.due(now, batch) : repository.dueTimers(now, batch);
        int breached = 0;
        for (String leadId : due) {
            if (breach(leadId, definition.get())) {
                breached++;
            }
        }
        if (breached > 0) {
            breaches.increment(breached);
        }
        return breached;
    }

    /** Reads every stored clock into the index at the first pass and then once per sweep interval. */
    private void sweepWhenDue() {
        int stored = clocks.sweepWhenDue(config.sla().sweepInterval(), repository::storedClocks);
        if (stored >= 0) {
            LOG.debugf("SLA clocks swept: %s stored, %s held, complete: %s", Integer.valueOf(stored),
                    Integer.valueOf(clocks.size()), Boolean.valueOf(clocks.complete()));
        }
    }

    private boolean breach(String leadId, AgreedLeadDefinition definition) {
        try {
            return writes.write(leadId, "lead " + leadId + " kept changing under its SLA breach",
                    () -> breachOnce(leadId, definition));
        } catch (ConcurrentUpdateException e) {
            return false; // still due: a later pass escalates it
        }
    }

    /**
     * One load-escalate-write, holding the lead's lock (the team's round-robin credit is taken by compare-and-set
     * inside it, no other lead's lock).
     */
    private Attempt<Boolean> breachOnce(String leadId, AgreedLeadDefinition definition) {
        Optional<LifecycleRepository.Loaded> found = repository.find(leadId);
        if (found.isEmpty()) {
            clocks.set(leadId, null);
            return Attempt.done(false);
        }
        LeadLifecycle lifecycle = found.get().lifecycle();
        Instant now = clock.instant();
        if (lifecycle.dueClock(now).isEmpty()) {
            // accepted, contacted or already escalated by another pass or instance: index the clock as stored
            clocks.set(leadId, LifecycleRepository.timerDueAt(lifecycle));
            return Attempt.done(false);
        }
        Handoff handoff = lifecycle.handoff();
        RoutingDecision target = routing.escalate(handoff.team(), handoff.owner(), handoff.escalations() > 0);
        lifecycle.breach(target, definition.sla(), now);
        return repository.save(found.get()) ? Attempt.done(true) : Attempt.lostRace();
    }
}
