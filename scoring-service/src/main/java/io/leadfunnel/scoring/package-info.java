/**
 * Fit and engagement scoring with a versioned scoring model: consumes lead.events, publishes lead.scores.
 * <p>
 * {@code domain} holds the model, its evaluation, decay and preview arithmetic in plain Java; {@code service} the
 * use cases; {@code repository} the MongoDB documents and the outbox store funnel-runtime's relay publishes from;
 * {@code messaging} the consumer; {@code rest} the API. The outbox relay, consumer retry, broker health, rate limit
 * and problem responses come from funnel-runtime.
 */
package io.leadfunnel.scoring;
