package io.leadfunnel.metrics.messaging;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import io.leadfunnel.metrics.repository.ConcurrentFactUpdateException;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Retries a consumer's write while the failure is transient (database unreachable, contention), so a good record
 * waits for MongoDB instead of going to the dead-letter topic. Anything else fails at once: that record is poison.
 */
final class UntilStored {

    private static final Logger LOG = Logger.getLogger(UntilStored.class);
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private UntilStored() {
    }

    static <T> T apply(String what, Supplier<T> write) {
        long pause = 100;
        while (true) {
            try {
                return write.get();
            } catch (MongoTimeoutException | MongoSocketException | MongoWriteConcernException
                     | ConcurrentFactUpdateException e) {
                LOG.warnf("%s: %s; retrying in %d ms", what, e.getMessage(), pause);
            } catch (MongoException e) {
                if (!e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                        && !e.hasErrorLabel("RetryableWriteError")) {
                    throw e;
                }
                LOG.warnf("%s: %s; retrying in %d ms", what, e.getMessage(), pause);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the fact store", interrupted);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }
}
