package io.leadfunnel.lead.service;

import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.PendingMerge;
import io.leadfunnel.lead.repository.LeadRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Folds one lead into another when they turn out to be the same person: a CRM merged its records, or a change gave a
 * lead the e-mail another lead holds. Two writes, so a crash between them leaves a pending merge on the absorbed lead,
 * which {@link #completeInterruptedMerges} finishes later.
 */
@ApplicationScoped
public class LeadMerging {

    private static final Logger LOG = Logger.getLogger(LeadMerging.class);

    private final LeadRepository leads;
    private final LeadWrites writes;
    private final Clock clock;

    public LeadMerging(LeadRepository leads, LeadWrites writes, Clock clock) {
        this.leads = leads;
        this.writes = writes;
        this.clock = clock;
    }

    /** Two active leads claim one e-mail; they are one person, so they become one lead. */
    public void mergeSameEmail(String oursId, String theirsId, Instant at) {
        if (oursId.equals(theirsId)) {
            return;
        }
        Lead ours = leads.findLead(oursId).orElse(null);
        Lead theirs = leads.findLead(theirsId).orElse(null);
        if (ours == null || theirs == null || !ours.isActive() || !theirs.isActive()) {
            return;
        }
        // the lead captured first keeps its id, so the older funnel history stays where it is
        boolean oursOlder = ours.createdAt().isBefore(theirs.createdAt())
                || (ours.createdAt().equals(theirs.createdAt()) && ours.id().compareTo(theirs.id()) < 0);
        if (oursOlder) {
            mergeLeads(ours.id(), theirs.id(), at);
        } else {
            mergeLeads(theirs.id(), ours.id(), at);
        }
    }

    /** Two writes: the absorbed lead hands over and frees its keys, then the survivor takes everything. */
    public void mergeLeads(String survivorId, String absorbedId, Instant at) {
        LOG.infof("merging lead %s into %s", absorbedId, survivorId);
        writes.modify(absorbedId, "merging lead " + absorbedId, lead -> {
            if (lead.mergedInto() == null && lead.isActive()) {
                lead.mergeInto(survivorId, at, clock.instant());
            }
            return null;
        });
        completeMerge(absorbedId);
    }

    /** Finishes merges that a crash interrupted between the absorbed lead's write and the survivor's. */
    public int completeInterruptedMerges(Instant startedBefore) {
        int completed = 0;
        for (Lead absorbed : leads.withPendingMerge(startedBefore, 100)) {
            completeMerge(absorbed.id());
            completed++;
        }
        return completed;
    }

    private void completeMerge(String absorbedId) {
        Lead absorbed = leads.findLead(absorbedId).orElseThrow(() -> new LeadNotFoundException(absorbedId));
        PendingMerge merge = absorbed.pendingMerge();
        if (merge == null) {
            return;
        }
        String survivorId = activeSurvivor(merge.survivorId());
        writes.modify(survivorId, "merging into lead " + survivorId,
                lead -> lead.absorb(absorbedId, merge, clock.instant()));
        writes.modify(absorbedId, "completing merge of " + absorbedId, lead -> {
            lead.completeMerge();
            return null;
        }, true);
    }

    /** Follows merges so data is never handed to a lead that was itself merged away meanwhile. */
    private String activeSurvivor(String id) {
        String current = id;
        for (int hops = 0; hops < 10; hops++) {
            Lead lead = leads.findLead(current).orElseThrow(() -> new LeadNotFoundException(id));
            if (lead.mergedInto() == null) {
                return current;
            }
            current = lead.mergedInto();
        }
        return current;
    }
}
