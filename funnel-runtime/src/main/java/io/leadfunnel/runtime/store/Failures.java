package io.leadfunnel.runtime.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;

/**
 * Tells a failure that will pass (the store unreachable, a failover, contention) from one that never will (a document
 * the store refuses, a bug). Consumers wait out the first kind and dead-letter the second; the REST layer answers the
 * first with 503 and {@code Retry-After}, the second with a 5xx without it.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * Whether {@code failure}, or a cause of it, is transient. The whole chain is looked at: the driver wraps the
     * socket failure of a server that just went away in a {@link MongoConnectionPoolClearedException}.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrentUpdateException || t instanceof UnavailableException) {
                return true;
            }
            if (t instanceof MongoException mongo && isTransientMongo(mongo)) {
                return true;
            }
        }
        return false;
    }

    /** The first MongoDB failure in the cause chain, or null. */
    public static MongoException mongoCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoException mongo) {
                return mongo;
            }
        }
        return null;
    }

    private static boolean isTransientMongo(MongoException e) {
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException
                || e instanceof MongoConnectionPoolClearedException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoExecutionTimeoutException || e instanceof MongoInterruptedException
                || e instanceof MongoWriteConcernException) {
            return true;
        }
        if (e instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() != null) {
            return true;
        }
        if (e.hasErrorLabel("RetryableWriteError") || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || e.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL)) {
            return true;
        }
        return false;
    }
}
