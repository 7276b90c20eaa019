package io.leadfunnel.lead.service;

/** A lead entered by hand has an e-mail address another lead already has; that lead is the one to change. */
public class LeadExistsException extends RuntimeException {

    private final String existingLeadId;

    public LeadExistsException(String existingLeadId) {
        super("lead " + existingLeadId + " already has this e-mail address");
        this.existingLeadId = existingLeadId;
    }

    public String existingLeadId() {
        return existingLeadId;
    }
}
