package io.leadfunnel.handoff.service;

/**
 * Another write on the same lifecycle or definition document kept winning. Transient: a consumed fact is retried
 * until it applies (never dead-lettered), a request gets 503 with {@code Retry-After}.
 */
public class ConcurrentUpdateException extends io.leadfunnel.runtime.store.ConcurrentUpdateException {

    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
