/**
 * The shared funnel metrics that marketing and sales both read: consumes lead.events, lead.scores and
 * lead.lifecycle; serves REST JSON, Prometheus and the funnel page.
 * <p>
 * A skeleton for now: configuration, health and metrics only; the service's own issue fills it in.
 */
package io.leadfunnel.metrics;
