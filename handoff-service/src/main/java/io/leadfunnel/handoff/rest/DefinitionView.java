package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.domain.DefinitionApproval;
import io.leadfunnel.handoff.domain.DefinitionStatus;
import io.leadfunnel.handoff.domain.DefinitionVersion;
import io.leadfunnel.handoff.domain.HandoffSla;
import io.leadfunnel.handoff.domain.MqlCriteria;
import io.leadfunnel.handoff.domain.Recycling;
import io.leadfunnel.handoff.domain.SqlCriteria;
import io.leadfunnel.handoff.service.DefinitionService;

import java.time.Instant;
import java.util.List;

/** A definition version as the API shows it. */
public record DefinitionView(int version, DefinitionStatus status, MqlCriteria mql, SqlCriteria sql, HandoffSla sla,
                             Recycling recycling, String createdBy, Instant createdAt,
                             List<DefinitionApproval> approvals, boolean approved, Instant activatedAt,
                             String activatedBy) {

    static DefinitionView of(DefinitionService.View view) {
        DefinitionVersion v = view.version();
        DefinitionStatus status = view.active() ? DefinitionStatus.ACTIVE
                : v.activatedAt() == null ? DefinitionStatus.DRAFT : DefinitionStatus.RETIRED;
        return new DefinitionView(v.version(), status, v.definition().mql(), v.definition().sql(),
                v.definition().sla(), v.definition().recycling(), v.createdBy(), v.createdAt(), v.approvals(),
                v.isApproved(), v.activatedAt(), v.activatedBy());
    }
}
