package io.leadfunnel.handoff.domain;

/** Where a definition version is in its life: edited as a draft, signed, in force, or replaced. */
public enum DefinitionStatus {
    /** Editable; may carry approvals from zero, one or both sides. */
    DRAFT,
    /** The one version in force. */
    ACTIVE,
    /** Was active and has been replaced; read-only. */
    RETIRED
}
