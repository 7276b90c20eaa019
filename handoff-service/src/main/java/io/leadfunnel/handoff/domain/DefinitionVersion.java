package io.leadfunnel.handoff.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One version of the agreed definition with its approvals. A draft needs an approval from marketing and one from
 * sales, by two different people, before it can be activated; any edit clears the approvals. Once activated it is
 * never edited again.
 */
public final class DefinitionVersion {

    private AgreedLeadDefinition definition;
    private final String createdBy;
    private final Instant createdAt;
    private final List<DefinitionApproval> approvals;
    private Instant activatedAt;
    private String activatedBy;

    public DefinitionVersion(AgreedLeadDefinition definition, String createdBy, Instant createdAt,
                             List<DefinitionApproval> approvals, Instant activatedAt, String activatedBy) {
        this.definition = definition;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.approvals = new ArrayList<>(approvals == null ? List.of() : approvals);
        this.activatedAt = activatedAt;
        this.activatedBy = activatedBy;
    }

    /** A new draft. */
    public static DefinitionVersion draft(AgreedLeadDefinition definition, String createdBy, Instant at) {
        return new DefinitionVersion(definition, createdBy, at, List.of(), null, null);
    }

    /** Replaces the content of a draft and clears its approvals: both sides must sign what they see. */
    public void edit(AgreedLeadDefinition changed) {
        requireDraft("edited");
        definition = changed.withVersion(definition.version());
        approvals.clear();
    }

    /**
     * Records one side's approval.
     *
     * @param roles the approver's roles; must include the side's role
     */
    public void approve(ApprovalSide side, String user, Set<String> roles, Instant at) {
        requireDraft("approved");
        if (!roles.contains(side.role())) {
            throw new DefinitionRuleException(user + " does not hold the " + side.role() + " role");
        }
        for (DefinitionApproval approval : approvals) {
            if (approval.side() == side) {
                throw new DefinitionRuleException(side + " already approved version " + definition.version()
                        + " (" + approval.approvedBy() + ")");
            }
            if (approval.approvedBy().equals(user)) {
                throw new DefinitionRuleException(user + " already approved version " + definition.version()
                        + " for " + approval.side() + "; the other side needs another person");
            }
        }
        approvals.add(new DefinitionApproval(side, user, at));
    }

    /** Whether both sides approved, by two different people. */
    public boolean isApproved() {
        return approvals.stream().map(DefinitionApproval::side).distinct().count() == ApprovalSide.values().length
                && approvals.stream().map(DefinitionApproval::approvedBy).distinct().count() == approvals.size();
    }

    /** Marks the version activated; the caller retires the previous one in the same atomic step. */
    public void activate(String user, Instant at) {
        requireDraft("activated");
        if (!isApproved()) {
            throw new DefinitionRuleException("version " + definition.version()
                    + " needs approvals from marketing and sales by two different people; has " + approvals);
        }
        activatedAt = at;
        activatedBy = user;
    }

    /** The status, given which version is active now. */
    public DefinitionStatus status(Integer activeVersion) {
        if (activeVersion != null && activeVersion == definition.version()) {
            return DefinitionStatus.ACTIVE;
        }
        return activatedAt == null ? DefinitionStatus.DRAFT : DefinitionStatus.RETIRED;
    }

    private void requireDraft(String what) {
        if (activatedAt != null) {
            throw new DefinitionRuleException("version " + definition.version()
                    + " has been activated and cannot be " + what + "; create a new version");
        }
    }

    public AgreedLeadDefinition definition() {
        return definition;
    }

    public int version() {
        return definition.version();
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<DefinitionApproval> approvals() {
        return List.copyOf(approvals);
    }

    public Instant activatedAt() {
        return activatedAt;
    }

    public String activatedBy() {
        return activatedBy;
    }
}
