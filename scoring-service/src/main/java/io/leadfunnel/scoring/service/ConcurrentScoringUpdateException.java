package io.leadfunnel.scoring.service;

/** A lead's scoring state kept changing under a write; the event is failed (and dead-lettered) rather than lost. */
public class ConcurrentScoringUpdateException extends RuntimeException {

    public ConcurrentScoringUpdateException(String leadId, int attempts) {
        super("scoring state of lead " + leadId + " changed concurrently " + attempts + " times in a row");
    }
}
