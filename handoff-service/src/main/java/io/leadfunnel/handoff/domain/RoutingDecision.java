package io.leadfunnel.handoff.domain;

/**
 * Where a lead goes.
 *
 * @param owner       the rep, or {@code queue:<name>} when the lead waits in a queue
 * @param team        the rep's team, or the queue's name
 * @param rule        the rule that matched ({@code fallback} when none did)
 * @param notifyTeam  a second team to tell, or null
 */
public record RoutingDecision(String owner, String team, String rule, String notifyTeam) {

    /** Owner prefix of queues. */
    public static final String QUEUE_PREFIX = "queue:";

    public static RoutingDecision queue(String queue, String rule, String notifyTeam) {
        return new RoutingDecision(QUEUE_PREFIX + queue, queue, rule, notifyTeam);
    }

    /** Whether the lead went to a queue rather than a person. */
    public boolean isQueue() {
        return owner.startsWith(QUEUE_PREFIX);
    }
}
