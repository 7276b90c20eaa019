package io.leadfunnel.handoff.domain;

import java.util.function.IntSupplier;

/**
 * A sales rep who can receive hand-offs.
 *
 * @param id        user name (the JWT subject)
 * @param team      the rep's team
 * @param weight    share of the team's hand-offs in the round robin (0 takes none)
 * @param available false while out of office
 * @param capacity  most open hand-offs at once (0: no limit)
 */
public record SalesRep(String id, String team, int weight, boolean available, int capacity) {

    public SalesRep {
        if (id == null || id.isBlank() || team == null || team.isBlank()) {
            throw new IllegalArgumentException("a rep needs an id and a team");
        }
        if (weight < 0 || capacity < 0) {
            throw new IllegalArgumentException("weight and capacity must not be negative");
        }
    }

    /** Whether the rep can take one more hand-off now. */
    public boolean canTake(int openHandoffs) {
        return available && weight > 0 && (capacity == 0 || openHandoffs < capacity);
    }

    /**
     * As {@link #canTake(int)}, asking for the rep's open hand-offs only when the answer depends on them: counting them
     * reads the store, and a rep without a capacity limit, away or of weight 0 does not need it.
     */
    public boolean canTake(IntSupplier openHandoffs) {
        return available && weight > 0 && (capacity == 0 || openHandoffs.getAsInt() < capacity);
    }
}
