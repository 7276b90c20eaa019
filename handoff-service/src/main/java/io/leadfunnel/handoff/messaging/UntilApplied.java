package io.leadfunnel.handoff.messaging;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Keeps retrying a record while MongoDB is unreachable, so a good record waits instead of being dead-lettered (the
 * fault suite lost hand-offs that way during a database restart). Any other failure is thrown at once: the record is
 * poison and goes to the dead-letter topic.
 */
final class UntilApplied {

    private static final Logger LOG = Logger.getLogger(UntilApplied.class);
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private UntilApplied() {
    }

    static <T> T apply(String what, Supplier<T> work) {
        long pause = 100;
        while (true) {
            try {
                return work.get();
            } catch (MongoTimeoutException | MongoSocketException e) {
                LOG.warnf("%s: %s; retrying in %d ms", what, e.getMessage(), pause);
            } catch (MongoException e) {
                if (!e.hasErrorLabel("RetryableWriteError")
                        && !e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
                    throw e;
                }
                LOG.warnf("%s: %s; retrying in %d ms", what, e.getMessage(), pause);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the lifecycle store", interrupted);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }
}
