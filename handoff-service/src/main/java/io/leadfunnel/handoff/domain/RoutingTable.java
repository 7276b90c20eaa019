package io.leadfunnel.handoff.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing rules in order, the fallback queue that catches every lead no rule (or no available rep) takes, and
 * each team's manager queue, where escalated hand-offs end.
 */
public record RoutingTable(List<RoutingRule> rules, String fallbackQueue, Map<String, String> managerQueues) {

    public RoutingTable {
        rules = rules == null ? List.of() : List.copyOf(rules);
        managerQueues = managerQueues == null ? Map.of() : Map.copyOf(managerQueues);
        if (fallbackQueue == null || fallbackQueue.isBlank()) {
            throw new IllegalArgumentException("a routing table needs a fallback queue");
        }
        Set<String> ids = new HashSet<>();
        for (RoutingRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate routing rule id " + rule.id());
            }
        }
    }

    /** The queue escalations of {@code team} end in: configured, else {@code <team>-managers}. */
    public String managerQueue(String team) {
        return managerQueues.getOrDefault(team, team + "-managers");
    }
}
