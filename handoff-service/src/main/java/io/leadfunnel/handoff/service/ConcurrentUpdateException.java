package io.leadfunnel.handoff.service;

/** Another write on the same document won; the request may be retried. */
public class ConcurrentUpdateException extends RuntimeException {

    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
