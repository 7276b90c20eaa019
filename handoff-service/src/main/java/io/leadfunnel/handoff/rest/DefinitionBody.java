package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.HandoffSla;
import io.leadfunnel.handoff.domain.MqlCriteria;
import io.leadfunnel.handoff.domain.Recycling;
import io.leadfunnel.handoff.domain.SqlCriteria;
import io.leadfunnel.runtime.problem.ProblemException;

/**
 * The content of a definition version as a client writes it. The version number, status and approvals are not part
 * of it: the service assigns and records them.
 */
public record DefinitionBody(MqlCriteria mql, SqlCriteria sql, HandoffSla sla, Recycling recycling) {

    AgreedLeadDefinition toDefinition() {
        if (mql == null) {
            throw ProblemException.invalidField("/mql", "the MQL criteria are required");
        }
        if (sla == null) {
            throw ProblemException.invalidField("/sla", "the SLA is required");
        }
        if (recycling == null) {
            throw ProblemException.invalidField("/recycling", "the recycling rules are required");
        }
        return new AgreedLeadDefinition(0, mql, sql, sla, recycling);
    }
}
