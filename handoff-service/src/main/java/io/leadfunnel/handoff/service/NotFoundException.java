package io.leadfunnel.handoff.service;

/** The lead, definition version or rep asked for does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
