package io.leadfunnel.handoff.domain;

/** A sales action by a rep on a hand-off that is neither theirs nor their team's. */
public class OwnershipDeniedException extends RuntimeException {

    public OwnershipDeniedException(String reason) {
        super(reason);
    }
}
