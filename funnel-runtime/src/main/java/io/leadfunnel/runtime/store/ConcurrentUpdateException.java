package io.leadfunnel.runtime.store;

/**
 * Another writer changed the document between this writer's read and its write (the optimistic version check failed
 * again and again). Transient by nature: a consumer retries it for as long as it takes and never dead-letters it; a
 * request gets 503 with {@code Retry-After}. Services throw it, or a subclass naming what was contended.
 */
public class ConcurrentUpdateException extends RuntimeException {

    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
