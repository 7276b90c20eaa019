package io.leadfunnel.runtime.consumer;

import io.leadfunnel.runtime.store.Failures;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Applies a consumed record, waiting for as long as the failure is transient ({@link Failures#isTransient}: MongoDB
 * unreachable, contention on the lead), so a good record waits instead of being dead-lettered. Any other failure is
 * thrown at once: the record is poison and the channel's dead-letter strategy takes it, with the cause.
 *
 * <p>While the handler waits, the Kafka connector stops fetching: its queue of records handed to this channel is
 * bounded, and a full queue pauses the consumer's partitions until the handler takes records again. The channels turn
 * off the throttled commit strategy's age limit ({@code throttled.unprocessed-record-max-age.ms=0}), which would
 * otherwise mark a consumer waiting out an outage as failed for good.
 */
public final class UntilApplied {

    private static final Logger LOG = Logger.getLogger(UntilApplied.class);
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private UntilApplied() {
    }

    /** Runs {@code work} until it succeeds or fails for good; {@code what} names the record in the log. */
    public static <T> T apply(String what, Supplier<T> work) {
        long pause = FIRST_PAUSE_MILLIS;
        long waitingSince = 0;
        while (true) {
            try {
                T result = work.get();
                if (waitingSince != 0) {
                    LOG.infof("%s: applied after waiting %d s", what, (System.nanoTime() - waitingSince) / 1_000_000_000L);
                }
                return result;
            } catch (RuntimeException e) {
                if (!Failures.isTransient(e)) {
                    throw e;
                }
                if (waitingSince == 0) {
                    waitingSince = System.nanoTime();
                }
                LOG.warnf("%s: %s; retrying in %d ms", what, e.getMessage(), pause);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to apply " + what, interrupted);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    /** Runs {@code work} until it succeeds or fails for good. */
    public static void run(String what, Runnable work) {
        apply(what, () -> {
            work.run();
            return null;
        });
    }
}
