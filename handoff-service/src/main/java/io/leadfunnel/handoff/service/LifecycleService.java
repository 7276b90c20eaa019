package io.leadfunnel.handoff.service;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.ChecklistItem;
import io.leadfunnel.handoff.domain.HandoffOwnership;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.OwnershipDeniedException;
import io.leadfunnel.handoff.domain.RejectReason;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The lifecycle use cases: applying lead and score facts one at a time (then qualifying and routing; the consumers
 * apply them a poll at a time, {@link LifecycleBatch}), sales actions, queries. Each change is one versioned write of
 * the lead's document with its new events in the outbox; a write that lost a race is reloaded and decided again. Each attempt (load, change, write) holds the lead's {@link LeadLocks} lock; the
 * back-off between attempts does not. After {@value #ATTEMPTS} lost races a {@link ConcurrentUpdateException} ends the
 * call, which is transient: the consumer applies the fact again until it wins, a request is answered 503.
 */
@ApplicationScoped
public class LifecycleService {

    /** Attempts of one write before a {@link ConcurrentUpdateException}; a poll's leads get as many. */
    static final int ATTEMPTS = 10;

    private final LifecycleRepository repository;
    private final DefinitionService definitions;
    private final RoutingService routing;
    private final Clock clock;
    private final OptimisticWrite writes;
    private final LifecycleFacts facts;

    public LifecycleService(LifecycleRepository repository, DefinitionService definitions, RoutingService routing,
                            Clock clock, LeadLocks locks) {
        this.repository = repository;
        this.definitions = definitions;
        this.routing = routing;
        this.clock = clock;
        this.writes = new OptimisticWrite(locks, ATTEMPTS, LifecycleService::backOff, ConcurrentUpdateException::new);
        this.facts = new LifecycleFacts(definitions, routing, clock);
    }

    /**
     * What became of an input record: applied; a redelivered event already applied; or personal data older than the
     * personal data held, or coming after their erasure, ignored.
     */
    public enum Outcome { APPLIED, DUPLICATE, STALE }

    /** Applies a fact from lead.events; a profile change may qualify the lead. */
    public Outcome apply(LeadEvent event) {
        return applyFact(event.leadId(), event.eventId(),
                lifecycle -> facts.apply(lifecycle, event, routing.openHandoffs()));
    }

    /** Applies a score from lead.scores and qualifies the lead if it now meets the definition. */
    public Outcome apply(LeadScored scored) {
        return applyFact(scored.leadId(), scored.eventId(),
                lifecycle -> facts.apply(lifecycle, scored, routing.openHandoffs()));
    }

    /** Applies an event once: a redelivery (by event id) changes nothing. */
    private Outcome applyFact(String leadId, UUID eventId, Consumer<LeadLifecycle> change) {
        return applyChange(leadId, lifecycle -> {
            if (lifecycle.hasApplied(eventId)) {
                return Outcome.DUPLICATE;
            }
            change.accept(lifecycle);
            lifecycle.markApplied(eventId);
            return Outcome.APPLIED;
        });
    }

    /**
     * Changes the lead's lifecycle; {@code change} answers {@link Outcome#APPLIED} when there is something to write.
     * A write that lost the race is reloaded and changed again.
     */
    private Outcome applyChange(String leadId, Function<LeadLifecycle, Outcome> change) {
        return writes.write(leadId, "lead " + leadId + " kept changing; the record will be retried",
                () -> applyChangeOnce(leadId, change));
    }

    /** One read-change-write, holding the lead's lock. */
    private Attempt<Outcome> applyChangeOnce(String leadId, Function<LeadLifecycle, Outcome> change) {
        LifecycleRepository.Loaded loaded = repository.findOrNew(leadId);
        LeadLifecycle lifecycle = loaded.lifecycle();
        Outcome outcome = change.apply(lifecycle);
        if (outcome != Outcome.APPLIED) {
            return Attempt.done(outcome);
        }
        if (repository.save(loaded)) {
            return Attempt.done(Outcome.APPLIED);
        }
        return Attempt.lostRace();
    }

    // ------------------------------------------------------------------ sales actions

    /**
     * Accepts the hand-off. A rep (not sales-ops or admin) taking a queued lead becomes its owner; sales-ops accepting
     * on someone's behalf does not.
     */
    public LeadLifecycle accept(String leadId, HandoffOwnership.Actor actor) {
        return act(leadId, actor, (lifecycle, definition) -> {
            Optional<SalesRep> rep = actor.unrestricted() ? Optional.empty() : actor.rep();
            lifecycle.accept(Actor.user(actor.id()), actor.unrestricted() ? null : actor.id(),
                    rep.map(SalesRep::team).orElse(null), definition.sla(), clock.instant());
        });
    }

    public LeadLifecycle reject(String leadId, HandoffOwnership.Actor actor, RejectReason reason, String note) {
        return act(leadId, actor, (lifecycle, definition) ->
                lifecycle.reject(Actor.user(actor.id()), reason, note, definition, clock.instant()));
    }

    public LeadLifecycle qualify(String leadId, HandoffOwnership.Actor actor, Map<ChecklistItem, String> checklist) {
        return act(leadId, actor, (lifecycle, definition) ->
                lifecycle.qualify(Actor.user(actor.id()), checklist, definition, clock.instant()));
    }

    public LeadLifecycle closeWon(String leadId, HandoffOwnership.Actor actor, BigDecimal amount, String currency) {
        return act(leadId, actor, (lifecycle, definition) ->
                lifecycle.closeWon(Actor.user(actor.id()), amount, currency, clock.instant()));
    }

    public LeadLifecycle closeLost(String leadId, HandoffOwnership.Actor actor, String reason) {
        return act(leadId, actor, (lifecycle, definition) ->
                lifecycle.closeLost(Actor.user(actor.id()), reason, clock.instant()));
    }

    public LeadLifecycle reassign(String leadId, HandoffOwnership.Actor actor, String newOwner) {
        SalesRep rep = routing.rep(newOwner).orElseThrow(() -> new NotFoundException("no sales rep " + newOwner));
        return act(leadId, actor, (lifecycle, definition) ->
                lifecycle.reassign(Actor.user(actor.id()), rep.id(), rep.team(), definition.sla(), clock.instant()));
    }

    /** The caller of a sales action as the ownership rule sees it: sales-ops and admin are unrestricted. */
    public HandoffOwnership.Actor actor(String user, boolean unrestricted) {
        return new HandoffOwnership.Actor(user, unrestricted, unrestricted ? Optional.empty() : routing.rep(user));
    }

    /**
     * One sales action: load, decide, write with the version read. A concurrent action that won first makes this
     * one re-decide against the new stage, so it is refused if no longer allowed: two actions cannot both win.
     */
    private LeadLifecycle act(String leadId, HandoffOwnership.Actor actor,
                              java.util.function.BiConsumer<LeadLifecycle, AgreedLeadDefinition> action) {
        return writes.write(leadId, "lead " + leadId + " is being changed concurrently; retry",
                () -> actOnce(leadId, actor, action));
    }

    /** One load-decide-write of a sales action, holding the lead's lock. */
    private Attempt<LeadLifecycle> actOnce(String leadId, HandoffOwnership.Actor actor,
                                           java.util.function.BiConsumer<LeadLifecycle, AgreedLeadDefinition> action) {
        LifecycleRepository.Loaded loaded = repository.find(leadId)
                .orElseThrow(() -> new NotFoundException("no lifecycle for lead " + leadId));
        LeadLifecycle lifecycle = loaded.lifecycle();
        // decided on the hand-off as loaded for this write: a concurrent claim makes the retry decide again
        HandoffOwnership.Decision ownership = HandoffOwnership.decide(actor, lifecycle.handoff(), routing.table());
        if (!ownership.allowed()) {
            throw new OwnershipDeniedException(ownership.reason());
        }
        AgreedLeadDefinition definition = definitionFor(lifecycle);
        action.accept(lifecycle, definition);
        if (repository.save(loaded)) {
            return Attempt.done(lifecycle);
        }
        return Attempt.lostRace();
    }

    /** The definition the lead is judged by: the active one (SLA and SQL criteria of the day). */
    private AgreedLeadDefinition definitionFor(LeadLifecycle lifecycle) {
        return definitions.active().orElseThrow(() -> new IllegalStateException("no active lead definition"));
    }

    // ------------------------------------------------------------------ queries

    public LeadLifecycle lifecycle(String leadId) {
        return repository.find(leadId).map(LifecycleRepository.Loaded::lifecycle)
                .orElseThrow(() -> new NotFoundException("no lifecycle for lead " + leadId));
    }

    public List<LeadLifecycle> handoffs(String owner, Stage stage, boolean openOnly, int limit) {
        return repository.handoffs(owner, stage == null ? null : stage.name(), openOnly, limit);
    }

    public List<LeadLifecycle> overdue(int limit) {
        return repository.overdue(clock.instant(), limit);
    }

    /** Before a retry, a random pause that grows with the lost races, so writers racing for one lead spread out. */
    static void backOff(int lostRaces) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * lostRaces + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
