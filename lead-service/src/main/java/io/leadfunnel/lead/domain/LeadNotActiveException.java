package io.leadfunnel.lead.domain;

/** A change was asked of a lead that was erased or merged into another one. */
public class LeadNotActiveException extends RuntimeException {

    private final String leadId;

    public LeadNotActiveException(String leadId, String state) {
        super("lead " + leadId + " is " + state);
        this.leadId = leadId;
    }

    public String leadId() {
        return leadId;
    }
}
