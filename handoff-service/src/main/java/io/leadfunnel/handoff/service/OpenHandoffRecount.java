package io.leadfunnel.handoff.service;

import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.repository.OpenHandoffCounts;
import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Counts the open hand-offs per rep again from the lifecycles, rarely (a scan of the collection), and corrects the
 * counts capacity routing reads: a count left wrong by a crash between a hand-off's write and its count's, or by a
 * hand-off written while the last recount read. The first pass after start also makes the counts of hand-offs
 * stored before there were counts.
 */
@ApplicationScoped
public class OpenHandoffRecount {

    private static final Logger LOG = Logger.getLogger(OpenHandoffRecount.class);

    private final ScheduledPass pass = new ScheduledPass("the open hand-off recount", LOG);
    private final LifecycleRepository lifecycles;
    private final OpenHandoffCounts counts;

    public OpenHandoffRecount(LifecycleRepository lifecycles, OpenHandoffCounts counts) {
        this.lifecycles = lifecycles;
        this.counts = counts;
    }

    @Scheduled(every = "${funnel.handoff.routing.recount-interval:15m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        pass.run(this::recount);
    }

    /** One pass; returns how many reps' counts were wrong. */
    public int recount() {
        int corrected = counts.recount(lifecycles.countOpenHandoffs());
        if (corrected > 0) {
            LOG.infof("open hand-off counts of %d reps corrected from the lifecycles", corrected);
        }
        return corrected;
    }
}
