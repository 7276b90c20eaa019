package io.leadfunnel.scoring.service;

import io.leadfunnel.runtime.store.ConcurrentUpdateException;

/** A lead's scoring state kept changing under a write; transient, so the consumer waits and tries again. */
public class ConcurrentScoringUpdateException extends ConcurrentUpdateException {

    public ConcurrentScoringUpdateException(String leadId, int attempts) {
        super("scoring state of lead " + leadId + " changed concurrently " + attempts + " times in a row");
    }
}
