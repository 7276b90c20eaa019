package io.leadfunnel.lead.repository;

/** A write would have given a lead an e-mail or external reference that another lead already holds. */
public class DuplicateLeadException extends RuntimeException {

    private final String key;

    public DuplicateLeadException(String key, Throwable cause) {
        super("another lead already holds this " + key, cause);
        this.key = key;
    }

    /** {@code email}, {@code refs} or {@code id}. */
    public String key() {
        return key;
    }
}
