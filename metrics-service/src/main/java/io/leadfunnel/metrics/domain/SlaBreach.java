package io.leadfunnel.metrics.domain;

import java.time.Instant;

/** A hand-off clock that ran out. {@code sla} is {@code ACCEPT} or {@code FIRST_CONTACT}. */
public record SlaBreach(String handoffId, String sla, String owner, String team, Instant dueAt, Instant at) {
}
