package io.leadfunnel.metrics.repository;

import io.leadfunnel.runtime.store.ConcurrentUpdateException;

/** A lead's document kept changing under a writer; the write may be retried. */
public class ConcurrentFactUpdateException extends ConcurrentUpdateException {

    public ConcurrentFactUpdateException(String message) {
        super(message);
    }
}
