/**
 * The agreed lead definition, lifecycle authority, routing and hand-off SLA timers: consumes lead.events and
 * lead.scores, publishes lead.lifecycle.
 * <p>
 * A skeleton for now: configuration, health and metrics only; the service's own issue fills it in.
 */
package io.leadfunnel.handoff;
