package io.leadfunnel.handoff.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Chooses who receives a new MQL: the first matching rule's target; for a team, the weighted round robin over the
 * team's reps who are available and below capacity. A named owner who is away or full, a team with nobody free, or no
 * matching rule sends the lead to the fallback queue.
 */
public final class Router {

    /** Rule name recorded when no rule matched. */
    public static final String FALLBACK = "fallback";

    private final RoutingTable table;
    private final Map<String, SalesRep> reps = new HashMap<>();
    private final ToIntFunction<String> openHandoffs;

    /**
     * @param openHandoffs number of open hand-offs a rep holds now
     */
    public Router(RoutingTable table, List<SalesRep> reps, ToIntFunction<String> openHandoffs) {
        this.table = table;
        reps.forEach(r -> this.reps.put(r.id(), r));
        this.openHandoffs = openHandoffs;
    }

    /**
     * Routes a lead.
     *
     * @param rotations the round-robin credit of each team; picks update it
     */
    public RoutingDecision route(LeadFacts facts, Map<String, WeightedRoundRobin> rotations) {
        for (RoutingRule rule : table.rules()) {
            if (!rule.matches(facts)) {
                continue;
            }
            RoutingRule.Target target = rule.target();
            switch (target.kind()) {
                case QUEUE:
                    return RoutingDecision.queue(target.name(), rule.id(), rule.notifyTeam());
                case OWNER: {
                    SalesRep rep = reps.get(target.name());
                    if (rep != null && rep.canTake(() -> openHandoffs.applyAsInt(rep.id()))) {
                        return new RoutingDecision(rep.id(), rep.team(), rule.id(), rule.notifyTeam());
                    }
                    return RoutingDecision.queue(table.fallbackQueue(), rule.id() + ":owner-unavailable",
                            rule.notifyTeam());
                }
                default: {
                    Optional<SalesRep> rep = nextInTeam(target.name(), null, rotations);
                    if (rep.isPresent()) {
                        return new RoutingDecision(rep.get().id(), rep.get().team(), rule.id(), rule.notifyTeam());
                    }
                    return RoutingDecision.queue(table.fallbackQueue(), rule.id() + ":team-unavailable",
                            rule.notifyTeam());
                }
            }
        }
        return RoutingDecision.queue(table.fallbackQueue(), FALLBACK, null);
    }

    /**
     * The team whose round robin {@link #route} would turn for these facts: the first matching rule's, when it targets a
     * team; empty when it targets an owner or a queue, or no rule matches. Only that team's credit need be read.
     */
    public Optional<String> teamFor(LeadFacts facts) {
        return table.rules().stream().filter(rule -> rule.matches(facts)).findFirst().map(RoutingRule::target)
                .filter(target -> target.kind() == RoutingRule.Target.Kind.TEAM).map(RoutingRule.Target::name);
    }

    /**
     * The team's next rep by weighted round robin among those available and below capacity, leaving out
     * {@code except} (the rep a lead is escalated away from).
     */
    public Optional<SalesRep> nextInTeam(String team, String except, Map<String, WeightedRoundRobin> rotations) {
        List<WeightedRoundRobin.Candidate> candidates = new ArrayList<>();
        for (SalesRep rep : reps.values()) {
            if (rep.team().equals(team) && !rep.id().equals(except)
                    && rep.canTake(() -> openHandoffs.applyAsInt(rep.id()))) {
                candidates.add(new WeightedRoundRobin.Candidate(rep.id(), rep.weight()));
            }
        }
        candidates.sort((a, b) -> a.id().compareTo(b.id()));
        String picked = rotations.computeIfAbsent(team, t -> new WeightedRoundRobin(Map.of())).pick(candidates);
        return Optional.ofNullable(picked).map(reps::get);
    }

    public RoutingTable table() {
        return table;
    }
}
