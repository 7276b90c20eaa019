package io.leadfunnel.events;

/**
 * One rule that contributed to a score, so anyone can see why a lead scored what it did.
 *
 * @param rule   rule id in the scoring model, e.g. {@code fit.industry.software}
 * @param kind   whether it counts towards the fit or the engagement score
 * @param points points contributed (after decay and caps for engagement)
 * @param detail human-readable explanation, e.g. {@code industry "Software" is a target industry}
 */
public record ScoreReason(Kind kind, String rule, double points, String detail) {

    /** Which score a rule feeds. */
    public enum Kind { FIT, ENGAGEMENT }
}
