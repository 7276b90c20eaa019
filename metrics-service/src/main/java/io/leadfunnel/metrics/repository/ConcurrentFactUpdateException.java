package io.leadfunnel.metrics.repository;

/** A lead's document kept changing under a writer; the write may be retried. */
public class ConcurrentFactUpdateException extends RuntimeException {

    public ConcurrentFactUpdateException(String message) {
        super(message);
    }
}
