/**
 * Fit and engagement scoring with a versioned scoring model: consumes lead.events, publishes lead.scores.
 * <p>
 * {@code domain} holds the model, its evaluation, decay and preview arithmetic in plain Java; {@code service} the
 * use cases; {@code repository} the MongoDB documents; {@code messaging} the consumer and the outbox relay;
 * {@code rest} the API.
 */
package io.leadfunnel.scoring;
