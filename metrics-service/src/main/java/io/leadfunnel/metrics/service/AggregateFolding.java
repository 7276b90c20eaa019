package io.leadfunnel.metrics.service;

import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Folds the partition logs this instance appends to into the aggregate documents, apart from the polls, every
 * {@code funnel.metrics.aggregate-fold-interval}: a fold reads the log and the watermarks and writes each aggregate
 * document changed, which after every poll would add several MongoDB commands to each. Readers add the entries not
 * folded yet, so the interval changes no figure, only how long the logs grow.
 */
@ApplicationScoped
public class AggregateFolding {

    private static final Logger LOG = Logger.getLogger(AggregateFolding.class);

    private final ScheduledPass pass = new ScheduledPass("folding the aggregate logs", LOG);
    private final FactService facts;

    public AggregateFolding(FactService facts) {
        this.facts = facts;
    }

    @Scheduled(every = "${funnel.metrics.aggregate-fold-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFold() {
        pass.run(facts::foldLogs);
    }
}
