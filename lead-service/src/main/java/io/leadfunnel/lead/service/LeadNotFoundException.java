package io.leadfunnel.lead.service;

/** No lead has this id. */
public class LeadNotFoundException extends RuntimeException {

    public LeadNotFoundException(String leadId) {
        super("no lead with id " + leadId);
    }
}
