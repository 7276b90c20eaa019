package io.leadfunnel.handoff.domain;

/** The two sides that must both sign a definition; each is the role a person needs to approve for it. */
public enum ApprovalSide {
    MARKETING("marketing"), SALES("sales");

    private final String role;

    ApprovalSide(String role) {
        this.role = role;
    }

    /** The role a person must hold to approve for this side. */
    public String role() {
        return role;
    }
}
