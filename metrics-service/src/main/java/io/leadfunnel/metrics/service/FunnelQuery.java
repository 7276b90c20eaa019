package io.leadfunnel.metrics.service;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Bucket;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.Period;

import java.time.Duration;
import java.time.Instant;

/** A parsed metrics query: period, as-of time, grouping, bucketing and thresholds. */
public record FunnelQuery(Period period, Instant asOf, Dimension groupBy, Bucket bucket, Duration window,
                          Duration stuckAfter, Duration blackHoleAfter, Stage target) {
}
