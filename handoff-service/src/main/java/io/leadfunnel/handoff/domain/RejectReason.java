package io.leadfunnel.handoff.domain;

/** Why sales rejected a hand-off: the fixed list both teams agreed on. {@link #OTHER} needs a note. */
public enum RejectReason {
    NOT_A_FIT, NO_BUDGET, BAD_CONTACT_DATA, DUPLICATE, TOO_EARLY, ALREADY_A_CUSTOMER, COMPETITOR, OTHER
}
