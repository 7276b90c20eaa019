package io.leadfunnel.handoff.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agreed lead definition: what marketing and sales both signed as a qualified lead, the hand-off service level
 * and the recycling rules. Immutable; each change is a new version.
 *
 * @param version   the definition's version number
 * @param mql       marketing-qualification criteria
 * @param sql       sales-qualification checklist
 * @param sla       hand-off service level
 * @param recycling rules for leads sales rejected
 */
public record AgreedLeadDefinition(int version, MqlCriteria mql, SqlCriteria sql, HandoffSla sla,
                                   Recycling recycling) {

    public AgreedLeadDefinition {
        Objects.requireNonNull(mql, "mql");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(recycling, "recycling");
        sql = sql == null ? new SqlCriteria(null) : sql;
    }

    /** Judges a lead against the MQL criteria, recording every criterion with its observed value. */
    public MqlEvaluation evaluateMql(LeadFacts facts) {
        return MqlEvaluation.of(version, mql, facts);
    }

    /** The required checklist items the given checklist does not confirm. */
    public List<ChecklistItem> missingForSql(Map<ChecklistItem, String> checklist) {
        return sql.missing(checklist);
    }

    /** The same content under another version number. */
    public AgreedLeadDefinition withVersion(int newVersion) {
        return new AgreedLeadDefinition(newVersion, mql, sql, sla, recycling);
    }
}
