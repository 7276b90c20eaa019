package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.time.Instant;

/** The deal's outcome, {@code WON} or {@code LOST}. */
public record Closure(Stage outcome, Instant at, BigDecimal amount, String currency, String lossReason,
                      String owner, String team) {
}
