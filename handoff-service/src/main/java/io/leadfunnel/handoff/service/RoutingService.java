package io.leadfunnel.handoff.service;

import io.leadfunnel.handoff.config.HandoffConfig;
import io.leadfunnel.handoff.domain.LeadFacts;
import io.leadfunnel.handoff.domain.Router;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.domain.RoutingTable;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.domain.WeightedRoundRobin;
import io.leadfunnel.handoff.repository.OpenHandoffCounts;
import io.leadfunnel.handoff.repository.RoutingRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs the routing choice against the routing table, the reps and the round-robin credit. The table and the reps are
 * kept in memory: a change through this service is seen by the next routing, one through another instance within
 * {@code funnel.handoff.cache.refresh-interval}. Only the credit of the team being routed is used, saved by
 * compare-and-set, so two hand-offs routed at once do not both take the same turn: the credit this instance saved last
 * is tried first, and read again (by the team's key) only when another writer changed it meanwhile. Open hand-offs of
 * reps with a capacity come from their counts ({@link OpenHandoffCounts}), read once per routing.
 */
@ApplicationScoped
public class RoutingService {

    private static final Logger LOG = Logger.getLogger(RoutingService.class);
    private static final int ATTEMPTS = 5;

    private final RoutingRepository repository;
    private final OpenHandoffCounts openHandoffs;
    private final HandoffConfig config;
    private final RefreshingValue<Optional<RoutingTable>> table;
    private final RefreshingValue<Map<String, SalesRep>> reps;
    /** Each team's credit as this instance saved it last. */
    private final Map<String, RoutingRepository.Rotation> savedRotations = new ConcurrentHashMap<>();

    public RoutingService(RoutingRepository repository, OpenHandoffCounts openHandoffs, HandoffConfig config) {
        this.repository = repository;
        this.openHandoffs = openHandoffs;
        this.config = config;
        this.table = new RefreshingValue<>(() -> repository.table(), config.cache().refreshInterval());
        this.reps = new RefreshingValue<>(() -> byId(repository.reps()), config.cache().refreshInterval());
    }

    private static Map<String, SalesRep> byId(List<SalesRep> reps) {
        Map<String, SalesRep> result = new LinkedHashMap<>();
        reps.forEach(rep -> result.put(rep.id(), rep));
        return Collections.unmodifiableMap(result);
    }

    /** The table routing uses, or an empty one sending everything to the configured fallback queue. */
    public RoutingTable table() {
        return table.get().orElseGet(this::emptyTable);
    }

    /** The table as stored now, read for the API rather than taken from memory. */
    public RoutingTable storedTable() {
        return repository.table().orElseGet(this::emptyTable);
    }

    private RoutingTable emptyTable() {
        return new RoutingTable(List.of(), config.routing().fallbackQueue(), null);
    }

    public void saveTable(RoutingTable table) {
        try {
            repository.saveTable(table);
        } finally {
            this.table.invalidate();
        }
    }

    /** The reps routing uses. */
    public List<SalesRep> reps() {
        return List.copyOf(reps.get().values());
    }

    /** The reps as stored now, read for the API rather than taken from memory. */
    public List<SalesRep> storedReps() {
        return repository.reps();
    }

    /**
     * One rep as stored now, for a sales action (the caller's own rep, a reassignment's new owner): read by id rather
     * than taken from memory, so a rep just added through another instance counts, and an unreachable database is a
     * 503 rather than an answer from a copy.
     */
    public Optional<SalesRep> rep(String id) {
        return repository.rep(id);
    }

    public void saveRep(SalesRep rep) {
        try {
            repository.saveRep(rep);
        } finally {
            reps.invalidate();
        }
    }

    public boolean deleteRep(String id) {
        try {
            return repository.deleteRep(id);
        } finally {
            reps.invalidate();
        }
    }

    /** Where a new MQL goes. */
    public RoutingDecision route(LeadFacts facts) {
        return route(facts, openHandoffs());
    }

    /** Where a new MQL goes, with the reps' open hand-offs as {@code open} has them (a poll's, see the tally). */
    public RoutingDecision route(LeadFacts facts, OpenHandoffTally open) {
        Router router = router(open);
        return withRotation(router.teamFor(facts).orElse(null), rotations -> router.route(facts, rotations),
                decision -> decision.isQueue() ? null : decision.team());
    }

    /**
     * The open hand-offs of the reps with a capacity, read together at the first question (a routing that picks no
     * such rep reads nothing).
     */
    public OpenHandoffTally openHandoffs() {
        return new OpenHandoffTally(() -> openHandoffs.of(reps().stream().filter(r -> r.capacity() > 0)
                .map(SalesRep::id).toList()));
    }

    /** Where an escalated hand-off goes: the next rep of the team other than the owner, else the manager queue. */
    public RoutingDecision escalate(String team, String owner, boolean toManagerQueue) {
        Router router = router();
        String managerQueue = router.table().managerQueue(team);
        if (!toManagerQueue) {
            Optional<SalesRep> next = withRotation(team, rotations -> router.nextInTeam(team, owner, rotations),
                    rep -> rep.map(SalesRep::team).orElse(null));
            if (next.isPresent()) {
                return new RoutingDecision(next.get().id(), next.get().team(), "escalation:next-rep", null);
            }
        }
        return RoutingDecision.queue(managerQueue, "escalation:manager-queue", null);
    }

    private Router router() {
        return router(openHandoffs());
    }

    private Router router(OpenHandoffTally open) {
        return new Router(table(), reps(), open::open);
    }

    /** A team's credit to pick from: a copy of the one saved last when {@code saved} allows, else read. */
    private RoutingRepository.Rotation rotation(String team, boolean saved) {
        RoutingRepository.Rotation last = saved ? savedRotations.get(team) : null;
        return last == null ? repository.rotation(team)
                : new RoutingRepository.Rotation(team, new WeightedRoundRobin(last.robin().credit()), last.rev());
    }

    /**
     * Makes a choice with {@code team}'s round-robin credit (none when null) and saves the credit if the choice took a
     * turn of it; a credit changed meanwhile by another hand-off is read again and the choice made again.
     */
    private <T> T withRotation(String team, Function<Map<String, WeightedRoundRobin>, T> choice,
                               Function<T, String> teamOf) {
        T result = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, WeightedRoundRobin> rotations = new HashMap<>();
            RoutingRepository.Rotation rotation = team == null ? null : rotation(team, attempt == 0);
            if (rotation != null) {
                rotations.put(team, rotation.robin());
            }
            result = choice.apply(rotations);
            if (rotation == null || !team.equals(teamOf.apply(result))) {
                return result;
            }
            if (repository.saveRotation(rotation)) {
                savedRotations.put(team, new RoutingRepository.Rotation(team, rotation.robin(), rotation.rev() + 1));
                return result;
            }
            savedRotations.remove(team);
        }
        LOG.warn("round-robin credit kept changing under concurrent hand-offs; using the last pick");
        return result;
    }
}
