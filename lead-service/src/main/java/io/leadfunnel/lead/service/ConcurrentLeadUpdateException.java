package io.leadfunnel.lead.service;

/** A lead kept changing under a write for longer than the retry budget; the caller should retry later. */
public class ConcurrentLeadUpdateException extends RuntimeException {

    public ConcurrentLeadUpdateException(String what) {
        super("too many concurrent changes while " + what + "; retry later");
    }
}
