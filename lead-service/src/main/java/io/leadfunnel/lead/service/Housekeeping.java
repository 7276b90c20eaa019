package io.leadfunnel.lead.service;

import io.leadfunnel.lead.config.LeadServiceConfig;
import io.leadfunnel.lead.repository.DeliveryRepository;
import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/** Periodic repairs and clean-up. */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final ScheduledPass merges = new ScheduledPass("completing interrupted merges", LOG);
    private final ScheduledPass purges = new ScheduledPass("forgetting old delivery records", LOG);
    /** A merge still pending after this long was interrupted, not merely in progress. */
    private static final Duration MERGE_GRACE = Duration.ofSeconds(30);

    private final LeadMerging merging;
    private final DeliveryRepository deliveries;
    private final LeadServiceConfig config;
    private final Clock clock;

    public Housekeeping(LeadMerging merging, DeliveryRepository deliveries, LeadServiceConfig config, Clock clock) {
        this.merging = merging;
        this.deliveries = deliveries;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Ten seconds after start, then every {@code funnel.lead.merge-repair-interval} (5 min): the look-up of pending
     * merges filters on fields no unique index covers, so on the embedded engine it reads the whole lead collection
     * under its lock. A merge is interrupted only by a crash between its two writes, and the instance that crashed
     * repairs it ten seconds after it starts again; the interval bounds the wait when it does not start again.
     */
    @Scheduled(every = "${funnel.lead.merge-repair-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void completeInterruptedMerges() {
        merges.run(() -> {
            int completed = merging.completeInterruptedMerges(clock.instant().minus(MERGE_GRACE));
            if (completed > 0) {
                LOG.infof("completed %d interrupted lead merges", completed);
            }
        });
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldDeliveries() {
        purges.run(() -> {
            long purged = deliveries.purgeOlderThan(clock.instant().minus(config.deliveries().retention()));
            if (purged > 0) {
                LOG.infof("forgot %d delivery records older than %s", purged, config.deliveries().retention());
            }
        });
    }
}
