package io.leadfunnel.metrics.domain;

import java.time.Instant;

/** An MQL handed to a sales owner; the SLA clock starts at {@code at}. */
public record Handoff(String handoffId, Instant at, String owner, String team, Instant acceptDueAt) {
}
