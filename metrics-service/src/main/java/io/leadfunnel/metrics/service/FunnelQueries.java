package io.leadfunnel.metrics.service;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.config.MetricsConfig;
import io.leadfunnel.metrics.domain.Bucket;
import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.DailyCounts;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.DropOffReport;
import io.leadfunnel.metrics.domain.Grouped;
import io.leadfunnel.metrics.domain.LiftReport;
import io.leadfunnel.metrics.domain.Period;
import io.leadfunnel.metrics.domain.RevenueReport;
import io.leadfunnel.metrics.domain.SlaReport;
import io.leadfunnel.metrics.domain.TimeToReach;
import io.leadfunnel.metrics.domain.VelocityReport;
import io.leadfunnel.metrics.rest.problem.InvalidQueryException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The metrics use cases: parse the query parameters, take the current facts, compute a report. */
@ApplicationScoped
public class FunnelQueries {

    private final FactService facts;
    private final MetricsConfig config;
    private final Clock clock;

    /** Query dates outside these bounds are refused: no funnel event is that old, and far dates overflow. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    /** Longest window, stuck or black-hole duration: a century. */
    static final Duration LONGEST = Duration.ofDays(36_525);
    /** Most cohort and flow buckets one query may ask for. */
    static final int MAX_BUCKETS = 5_000;

    public FunnelQueries(FactService facts, MetricsConfig config, Clock clock) {
        this.facts = facts;
        this.config = config;
        this.clock = clock;
    }

    /** Parses raw query parameters; null means the default. */
    public FunnelQuery query(String from, String to, String asOf, String groupBy, String bucket, String window,
                             String stuckAfter, String blackHoleAfter, String target) {
        Period period = new Period(day("from", from), day("to", to));
        if (period.from() != null && period.to() != null && !period.from().isBefore(period.to())) {
            throw new InvalidQueryException("to", "to must be after from");
        }
        Dimension dimension = null;
        if (groupBy != null && !groupBy.isBlank()) {
            try {
                dimension = Dimension.parse(groupBy);
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryException("groupBy", "groupBy must be one of source, campaign, origin, "
                        + "segment, industry, owner, team, definitionVersion, scoreBand");
            }
        }
        Bucket buckets;
        try {
            buckets = bucket == null || bucket.isBlank() ? Bucket.WEEK : Bucket.parse(bucket);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("bucket", "bucket must be day, week or month");
        }
        Stage stage;
        try {
            stage = target == null || target.isBlank() ? Stage.WON : Stage.valueOf(target.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("target", "target must be a stage: MQL, SAL, SQL or WON");
        }
        Instant now = asOf == null || asOf.isBlank() ? clock.instant() : instant("asOf", asOf);
        DailyCounts counts = facts.dailyCounts();
        Instant start = period.from();
        if (start == null) {
            start = counts.earliestCapture().map(day -> day.atStartOfDay(ZoneOffset.UTC).toInstant())
                    .orElse(now);
        }
        Instant end = period.to() == null ? now : period.to();
        if (start.isBefore(end) && Duration.between(start, end).compareTo(buckets.typicalLength()
                .multipliedBy(MAX_BUCKETS)) > 0) {
            throw new InvalidQueryException("bucket", "the range holds more than " + MAX_BUCKETS + " " + buckets.name()
                    .toLowerCase() + " buckets; choose a shorter range or a larger bucket");
        }
        Duration cohortWindow = duration("window", window, config.window());
        try {
            TimeToReach.limit(cohortWindow);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("window", "window must be whole hours up to PT48H, or whole days beyond "
                    + "(cohorts are counted in hours up to two days and in days after that)");
        }
        return new FunnelQuery(period, now, dimension, buckets, cohortWindow,
                duration("stuckAfter", stuckAfter, config.stuckAfter()),
                duration("blackHoleAfter", blackHoleAfter, config.blackHoleAfter()), stage, counts);
    }

    /** From the daily counts of the stored aggregates. */
    public ConversionReport conversion(FunnelQuery q) {
        return ConversionReport.compute(q.counts(), q.period(), q.asOf(), q.groupBy(), q.bucket(),
                q.window());
    }

    /** Velocity overall and per value of {@code groupBy} when asked, from the daily counts of the stored aggregates. */
    public Grouped<VelocityReport> velocity(FunnelQuery q) {
        return VelocityReport.compute(q.counts(), q.period(), q.groupBy());
    }

    /** From the daily counts and the open leads of the stored aggregates. */
    public Grouped<DropOffReport> dropOff(FunnelQuery q) {
        return DropOffReport.compute(q.counts(), q.period(), q.asOf(), q.stuckAfter(), q.groupBy());
    }

    /** From the daily counts and the open leads of the stored aggregates. */
    public Grouped<SlaReport> sla(FunnelQuery q) {
        return SlaReport.compute(q.counts(), q.period(), q.asOf(), q.blackHoleAfter(), q.groupBy());
    }

    /** By segment always; by {@code groupBy} as well when asked. */
    public RevenueReport revenue(FunnelQuery q) {
        return RevenueReport.compute(q.counts(), q.period(), q.asOf(), q.groupBy());
    }

    /** Lift over the default dimensions, or over {@code groupBy} alone when asked. */
    public LiftReport lift(FunnelQuery q) {
        return LiftReport.compute(q.counts(), q.period(), q.target(),
                q.groupBy() == null ? LiftReport.DIMENSIONS : List.of(q.groupBy()));
    }

    /**
     * A period bound: a date, or an instant at midnight UTC. The reports count whole UTC days (the stored aggregates
     * are per day), so any other instant is refused rather than rounded.
     */
    static Instant day(String field, String value) {
        Instant at = instant(field, value);
        if (at != null && (Math.floorMod(at.getEpochSecond(), 86_400) != 0 || at.getNano() != 0)) {
            throw new InvalidQueryException(field, field + " must be a date (2026-09-07) or an instant at midnight "
                    + "UTC: the reports count whole UTC days");
        }
        return at;
    }

    /** A date ({@code 2026-09-07}, midnight UTC) or an ISO-8601 instant, within {@link #EARLIEST}..{@link #LATEST}. */
    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(field, field + " must be a date (2026-09-07) or an ISO-8601 instant");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new InvalidQueryException(field, field + " must lie between " + EARLIEST + " and " + LATEST);
        }
        return at;
    }

    static Duration duration(String field, String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new InvalidQueryException(field, field + " must be positive");
            }
            if (d.compareTo(LONGEST) > 0) {
                throw new InvalidQueryException(field, field + " must be at most " + LONGEST);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(field, field + " must be an ISO-8601 duration such as P14D");
        }
    }
}
