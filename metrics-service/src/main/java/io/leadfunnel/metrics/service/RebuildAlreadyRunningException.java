package io.leadfunnel.metrics.service;

/** A rebuild was requested while another one runs. */
public class RebuildAlreadyRunningException extends RuntimeException {

    public RebuildAlreadyRunningException(String generation) {
        super("rebuild into " + generation + " is still running");
    }
}
