package io.leadfunnel.events;

/**
 * The outcome of one criterion of the agreed lead definition for one lead.
 *
 * @param criterion criterion id, e.g. {@code mql.minFitScore}
 * @param passed    whether the lead met it
 * @param observed  the lead's value, as text (null when unknown)
 * @param expected  what the definition asks for, as text
 */
public record CriterionResult(String criterion, boolean passed, String observed, String expected) {
}
