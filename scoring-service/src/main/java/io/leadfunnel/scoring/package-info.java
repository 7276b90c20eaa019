/**
 * Fit and engagement scoring with a versioned scoring model: consumes lead.events, publishes lead.scores.
 * <p>
 * A skeleton for now: configuration, health and metrics only; the service's own issue fills it in.
 */
package io.leadfunnel.scoring;
