package io.leadfunnel.lead.service;

/** A profile change would give a lead an e-mail address another lead already has. */
public class EmailTakenException extends RuntimeException {

    private final String otherLeadId;

    public EmailTakenException(String otherLeadId) {
        super("lead " + otherLeadId + " already has this e-mail address");
        this.otherLeadId = otherLeadId;
    }

    public String otherLeadId() {
        return otherLeadId;
    }
}
