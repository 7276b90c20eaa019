package io.leadfunnel.metrics.service;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Bucket;
import io.leadfunnel.metrics.domain.DailyCounts;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.Period;

import java.time.Duration;
import java.time.Instant;

/**
 * A parsed metrics query: period, as-of time, grouping, bucketing and thresholds, and the counts it reads ({@code
 * counts}: one view of the stored aggregates per request, whose calendar is read once for the query's bounds and every
 * report computed from it).
 */
public record FunnelQuery(Period period, Instant asOf, Dimension groupBy, Bucket bucket, Duration window,
                          Duration stuckAfter, Duration blackHoleAfter, Stage target, DailyCounts counts) {
}
