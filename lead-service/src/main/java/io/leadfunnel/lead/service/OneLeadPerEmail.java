package io.leadfunnel.lead.service;

import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.repository.LeadRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A person is one lead: sales-ops entering someone who is already known are pointed at the existing lead rather than
 * given a second one, which would split that person's history and count them twice in the funnel.
 */
@ApplicationScoped
public class OneLeadPerEmail {

    private final LeadRepository leads;

    public OneLeadPerEmail(LeadRepository leads) {
        this.leads = leads;
    }

    /**
     * Refuses a new lead whose e-mail address another lead has. The lead carrying {@code ref} is no other lead: it was
     * created by an earlier request with the same reference whose answer has been forgotten meanwhile.
     *
     * @param email the new lead's e-mail address, or null when it has none
     * @param ref   the new lead's reference, or null
     * @throws LeadExistsException naming the lead that has the address
     */
    public void refuseTaken(String email, ExternalRef ref) {
        if (email == null) {
            return;
        }
        leads.findByEmail(email).ifPresent(existing -> {
            if (ref == null || !existing.refs().contains(ref.key())) {
                throw new LeadExistsException(existing.id());
            }
        });
    }
}
