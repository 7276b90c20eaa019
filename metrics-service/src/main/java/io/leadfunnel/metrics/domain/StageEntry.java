package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Instant;

/**
 * One entry of a lead into a stage. Entries are never overwritten; a lead entering a stage again gets another entry.
 *
 * @param reasonCode rejection, disqualification or loss reason of the move, else null
 * @param manual     whether a person (not a rule or timer) made the move
 */
public record StageEntry(Stage stage, Instant at, Stage from, String reasonCode, String owner, String team,
                         Integer definitionVersion, boolean manual, String eventId) {
}
