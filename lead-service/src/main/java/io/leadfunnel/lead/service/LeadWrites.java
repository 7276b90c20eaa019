package io.leadfunnel.lead.service;

import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.repository.DuplicateLeadException;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How this service writes a lead: state and events in one document write, guarded by the version read and retried
 * when another writer came first (see {@link OptimisticWrite}). Intake and merging write this way, with one retry
 * budget; the read model writes the few fields an event changes instead ({@code LeadDecisionStore}), raising the
 * version so that these writes retry.
 */
@ApplicationScoped
public class LeadWrites {

    /** Attempts before giving up on a lead that keeps changing underneath; the caller answers 503. */
    static final int MAX_ATTEMPTS = 30;

    private final LeadRepository leads;
    private final OptimisticWrite write;

    public LeadWrites(LeadRepository leads, LeadLocks locks) {
        this.leads = leads;
        this.write = new OptimisticWrite(locks, MAX_ATTEMPTS, LeadWrites::backOff, ConcurrentLeadUpdateException::new);
    }

    /** Loads, changes and writes a lead; the change's result is returned. */
    public <T> T modify(String leadId, String what, Function<Lead, T> change) {
        return modify(leadId, what, change, false);
    }

    /**
     * Loads, changes and writes a lead with optimistic concurrency. {@code alwaysWrite} stores the lead even when the
     * change produced no event (for bookkeeping such as finishing a merge).
     */
    public <T> T modify(String leadId, String what, Function<Lead, T> change, boolean alwaysWrite) {
        return write.write(leadId, what, () -> modifyOnce(leadId, change, alwaysWrite));
    }

    /** Runs {@code attempt} holding the lead's lock until it is done or the retry budget is spent. */
    public <T> T write(String leadId, String what, Supplier<Attempt<T>> attempt) {
        return write.write(leadId, what, attempt);
    }

    /** Like {@link #write}, for an attempt that identifies its lead as it goes and takes that lead's lock itself. */
    public <T> T retry(String what, Supplier<Attempt<T>> attempt) {
        return write.retry(what, attempt);
    }

    /** One read-change-write, holding the lead's lock. */
    private <T> Attempt<T> modifyOnce(String leadId, Function<Lead, T> change, boolean alwaysWrite) {
        Lead lead = leads.findLead(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
        T result = change.apply(lead);
        if (!lead.isDirty() && !alwaysWrite) {
            return Attempt.done(result);
        }
        try {
            if (!leads.update(lead)) {
                return Attempt.lostRace();
            }
        } catch (DuplicateLeadException e) {
            if ("email".equals(e.key())) {
                throw new EmailTakenException(leads.findByEmail(lead.email()).map(Lead::id).orElse("?"));
            }
            throw e;
        }
        return Attempt.done(result);
    }

    /**
     * Before a retry, waits a random time that grows with the lost races (up to 50 ms), so writers racing for one lead
     * spread out instead of colliding again; about a second in the worst case before the caller gets 503.
     */
    static void backOff(int lostRaces) {
        int bound = Math.min(50, 2 << Math.min(lostRaces, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrentLeadUpdateException("interrupted while retrying");
        }
    }
}
