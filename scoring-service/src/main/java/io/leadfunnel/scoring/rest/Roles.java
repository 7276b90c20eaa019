package io.leadfunnel.scoring.rest;

/** Roles from the token's {@code groups} claim. */
final class Roles {

    static final String MARKETING = "marketing";
    static final String ADMIN = "admin";
    static final String SALES = "sales";
    static final String SALES_OPS = "sales-ops";
    static final String METRICS_READER = "metrics-reader";

    private Roles() {
    }
}
