package io.leadfunnel.lead.rest;

/**
 * The roles of the {@code groups} claim the sales-ops API checks. {@code metrics-reader} is deliberately absent: lead
 * records hold personal data, and metric consumers only ever need aggregates.
 */
public final class Roles {

    public static final String MARKETING = "marketing";
    public static final String SALES = "sales";
    public static final String SALES_OPS = "sales-ops";
    public static final String ADMIN = "admin";
    public static final String METRICS_READER = "metrics-reader";

    private Roles() {
    }
}
