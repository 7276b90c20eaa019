package io.leadfunnel.handoff.service;

/**
 * Another version was activated between this activation's read of the active version and its compare-and-set: the
 * caller decided on a state that is gone, so it must reload and decide again (409), not merely retry.
 */
public class ActivationConflictException extends RuntimeException {

    public ActivationConflictException(String message) {
        super(message);
    }
}
