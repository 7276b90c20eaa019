package io.leadfunnel.lead.service;

import io.leadfunnel.events.Actor;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.repository.DeliveryRepository;
import io.leadfunnel.lead.repository.DuplicateLeadException;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.runtime.outbox.OutboxSignal;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.types.ObjectId;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every way a lead enters or changes: CRM deliveries, manual entry, corrections, activities and erasure; leads that
 * turn out to be one person are handed to {@link LeadMerging}. Each use case reads the lead, lets the aggregate decide,
 * and writes state and events in one document write, retrying when another writer came first ({@link LeadWrites}).
 * Identity rules: the same external reference is the same lead; otherwise the same canonical e-mail is the same lead.
 * The unique indexes make these hold under concurrency.
 */
@ApplicationScoped
public class LeadIntake {

    private final LeadRepository leads;
    private final OutboxSignal outbox;
    private final Clock clock;
    private final LeadLocks locks;
    private final DeliveryRepository deliveries;
    private final LeadWrites writes;
    private final LeadMerging merging;

    public LeadIntake(LeadRepository leads, OutboxSignal outbox, Clock clock, LeadLocks locks,
                      DeliveryRepository deliveries, LeadWrites writes, LeadMerging merging) {
        this.leads = leads;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.clock = clock;
        this.locks = locks;
        this.writes = writes;
        this.merging = merging;
    }

    /** Creates the lead or applies the change to the lead it identifies. */
    public IntakeResult receive(LeadChange change) {
        return receive(change, false, () -> { });
    }

    /**
     * {@link #receive} for a change that most likely captures a new lead: the insert is tried first, without a look-up.
     * When the unique indexes refuse it (a stored lead holds its reference or e-mail), {@code beforeLookUp} runs, and
     * may refuse the change by throwing, and the change takes {@link #receive}'s path.
     */
    public IntakeResult capture(LeadChange change, Runnable beforeLookUp) {
        return receive(change, true, beforeLookUp);
    }

    private IntakeResult receive(LeadChange change, boolean insertFirst, Runnable beforeLookUp) {
        String email = emailOf(change);
        boolean[] lookUp = {!insertFirst};
        return writes.retry("storing a lead from " + change.channel(), () -> {
            if (!lookUp[0]) {
                lookUp[0] = true;
                Attempt<IntakeResult> inserted = receiveOnce(change, email, Optional.empty());
                if (inserted.done()) {
                    return inserted;
                }
                beforeLookUp.run(); // a known person: on at once, no pause as after a lost race
            }
            return receiveOnce(change, email, identify(change.ref(), email));
        });
    }

    /**
     * One attempt at {@link #receive}: captures a new lead when {@code known} is empty, or applies the change to that
     * lead holding its lock. Which lead that is can change between attempts, so each attempt identifies it again.
     */
    private Attempt<IntakeResult> receiveOnce(LeadChange change, String email, Optional<String> known) {
        if (known.isEmpty()) {
            Lead lead = newLead(change, clock.instant());
            try {
                leads.insert(lead);
                return Attempt.done(new IntakeResult(lead.id(), true, true));
            } catch (DuplicateLeadException e) {
                return Attempt.lostRace(); // someone captured the same person first: apply to that lead instead
            }
        }
        String leadId = known.get();
        Applied applied = locks.withLock(leadId, () -> applyTo(leadId, change, email));
        if (applied.result() != null) {
            return Attempt.done(applied.result());
        }
        if (applied.emailTakenBy() != null) {
            merging.mergeSameEmail(leadId, applied.emailTakenBy(), change.occurredAt());
        }
        return Attempt.lostRace();
    }

    /**
     * Captures, with two look-ups and one write for all of them, the changes of a delivery that are new leads for
     * certain: no other change of the delivery shares their reference or e-mail, and no stored lead holds either (a
     * delivery of one change skips the look-ups: the unique indexes refuse its insert if a stored lead does).
     * Each is stored exactly as {@link #receive} would store it. The others (and any a concurrent writer took in
     * between) are left out of the answer, for the caller to pass to {@link #receive} one by one in delivery order.
     *
     * @return the capture of each change stored here, by its position in {@code changes}
     */
    public Map<Integer, IntakeResult> captureNew(List<LeadChange> changes) {
        Map<String, Integer> refUses = new HashMap<>();
        Map<String, Integer> emailUses = new HashMap<>();
        for (LeadChange change : changes) {
            if (change.ref() != null) {
                refUses.merge(change.ref().key(), 1, Integer::sum);
            }
            String email = emailOf(change);
            if (email != null) {
                emailUses.merge(email, 1, Integer::sum);
            }
        }
        List<Integer> alone = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            LeadChange change = changes.get(i);
            String email = emailOf(change);
            if ((change.ref() == null || refUses.get(change.ref().key()) == 1)
                    && (email == null || emailUses.get(email) == 1)) {
                alone.add(i);
            }
        }
        Map<Integer, IntakeResult> captured = new HashMap<>();
        if (alone.isEmpty()) {
            return captured;
        }
        Set<String> refKeys = new HashSet<>();
        Set<String> emails = new HashSet<>();
        for (int i : alone) {
            LeadChange change = changes.get(i);
            if (change.ref() != null) {
                refKeys.add(change.ref().key());
            }
            if (emailOf(change) != null) {
                emails.add(emailOf(change));
            }
        }
        // one change is inserted first; for several, two look-ups keep known leads from an insert bound to fail
        Set<String> held = alone.size() == 1 ? Set.of() : leads.heldKeys(refKeys, emails);
        Instant now = clock.instant();
        List<Integer> positions = new ArrayList<>();
        List<Lead> fresh = new ArrayList<>();
        for (int i : alone) {
            LeadChange change = changes.get(i);
            String email = emailOf(change);
            if ((change.ref() != null && held.contains(change.ref().key()))
                    || (email != null && held.contains("email:" + email))) {
                continue;
            }
            positions.add(i);
            fresh.add(newLead(change, now));
        }
        Set<Integer> refused = leads.insertAll(fresh);
        for (int k = 0; k < fresh.size(); k++) {
            if (!refused.contains(k)) {
                captured.put(positions.get(k), new IntakeResult(fresh.get(k).id(), true, true));
            }
        }
        return captured;
    }

    /** The lead a change captures when it identifies none. */
    private static Lead newLead(LeadChange change, Instant now) {
        Lead lead = Lead.capture(new ObjectId().toHexString(), change.occurredAt(), now, change.channel(),
                change.ref(), change.profile());
        change.activities().forEach(a -> lead.recordActivity(a, now));
        return lead;
    }

    private static String emailOf(LeadChange change) {
        return (String) change.profile().get(ProfileField.EMAIL);
    }

    /** The lead a reference or, failing that, an e-mail identifies. */
    private Optional<String> identify(ExternalRef ref, String email) {
        Optional<Lead> found = ref == null ? Optional.empty() : leads.findByRef(ref);
        if (found.isEmpty() && email != null) {
            found = leads.findByEmail(email).filter(Lead::isActive);
        }
        return found.map(Lead::id);
    }

    /** One attempt at applying a change to an identified lead, holding its lock. */
    private Applied applyTo(String leadId, LeadChange change, String email) {
        Lead lead = leads.findLead(leadId).orElse(null);
        ExternalRef ref = change.ref();
        boolean stillIdentified = lead != null && lead.isActive()
                && ((ref != null && lead.refs().contains(ref.key())) || (email != null && email.equals(lead.email())));
        if (!stillIdentified) {
            return Applied.RETRY; // merged, erased or re-keyed since it was looked up
        }
        Instant now = clock.instant();
        if (ref != null) {
            lead.attachRef(ref);
        }
        lead.applyProfile(change.profile(), change.occurredAt(), now, change.channel());
        change.activities().forEach(a -> lead.recordActivity(a, now));
        if (!lead.isDirty()) {
            return new Applied(new IntakeResult(lead.id(), false, false), null);
        }
        try {
            if (leads.update(lead)) {
                return new Applied(new IntakeResult(lead.id(), false, true), null);
            }
            return Applied.RETRY;
        } catch (DuplicateLeadException e) {
            if ("email".equals(e.key()) && email != null) {
                return new Applied(null, leads.findByEmail(email).map(Lead::id).orElse(null));
            }
            return Applied.RETRY;
        }
    }

    /** What applying a change came to: a result, a lead holding the e-mail to merge with first, or neither (retry). */
    private record Applied(IntakeResult result, String emailTakenBy) {
        static final Applied RETRY = new Applied(null, null);
    }

    /** A correction through the API; the caller's values are the newest. */
    public Lead updateProfile(String leadId, ProfilePatch patch, Actor actor) {
        return writes.modify(leadId, "updating lead " + leadId, lead -> {
            lead.correctProfile(patch, clock.instant(), "api by " + actor.id());
            return lead;
        });
    }

    /** Records engagement on a known lead; a repeated activity id is ignored. */
    public boolean recordActivity(String leadId, IncomingActivity activity) {
        return writes.modify(leadId, "recording an activity", lead -> lead.recordActivity(activity, clock.instant()));
    }

    /** Erases a lead's personal data; erasing twice is harmless. */
    public boolean erase(String leadId, Actor actor) {
        boolean erased = writes.modify(leadId, "erasing lead " + leadId, lead -> lead.erase(actor, clock.instant()));
        // copies outside the lead's own fields: events still waiting for the broker, stored API answers
        if (leads.scrubOutbox(leadId) > 0) {
            outbox.rewritten();
        }
        deliveries.scrubAnswers(leadId);
        return erased;
    }

    /** Erases the lead an external reference points to, if any. */
    public boolean eraseByRef(ExternalRef ref, Actor actor) {
        return leads.findByRef(ref).map(lead -> erase(lead.id(), actor)).orElse(false);
    }

    /** Drops an external reference (the record was deleted in that CRM); the lead stays in the funnel. */
    public boolean detach(ExternalRef ref, Instant at) {
        return leads.findByRef(ref)
                .map(lead -> writes.modify(lead.id(), "removing a reference",
                        l -> l.detachRef(ref, at, clock.instant())))
                .orElse(false);
    }

    /**
     * A CRM merged records: the lead of {@code primary} survives (captured empty if unknown) and absorbs the leads
     * of {@code merged}.
     *
     * @return the surviving lead's id
     */
    public String merge(String channel, ExternalRef primary, List<ExternalRef> merged, Instant at) {
        String survivorId = receive(new LeadChange(channel, primary, at, ProfilePatch.empty(), List.of())).leadId();
        for (ExternalRef ref : merged) {
            leads.findByRef(ref).ifPresent(other -> {
                if (!other.id().equals(survivorId)) {
                    merging.mergeLeads(survivorId, other.id(), at);
                }
            });
        }
        return survivorId;
    }
}
