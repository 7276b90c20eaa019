package io.leadfunnel.handoff.domain;

import java.time.Instant;

/** One side's signature on a definition version. */
public record DefinitionApproval(ApprovalSide side, String approvedBy, Instant at) {
}
