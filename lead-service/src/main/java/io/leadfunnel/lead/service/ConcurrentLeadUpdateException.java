package io.leadfunnel.lead.service;

import io.leadfunnel.runtime.store.ConcurrentUpdateException;

/** A lead kept changing under a write for longer than the retry budget; the caller should retry later. */
public class ConcurrentLeadUpdateException extends ConcurrentUpdateException {

    public ConcurrentLeadUpdateException(String what) {
        super("too many concurrent changes while " + what);
    }
}
