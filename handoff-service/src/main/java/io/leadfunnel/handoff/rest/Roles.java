package io.leadfunnel.handoff.rest;

/** The roles of the {@code groups} claim. */
public final class Roles {

    public static final String MARKETING = "marketing";
    public static final String SALES = "sales";
    public static final String SALES_OPS = "sales-ops";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
