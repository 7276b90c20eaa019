package io.leadfunnel.metrics.rest;

import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.DropOffReport;
import io.leadfunnel.metrics.domain.DurationStats;
import io.leadfunnel.metrics.domain.Grouped;
import io.leadfunnel.metrics.domain.LiftReport;
import io.leadfunnel.metrics.domain.Ratio;
import io.leadfunnel.metrics.domain.RevenueReport;
import io.leadfunnel.metrics.domain.SlaReport;
import io.leadfunnel.metrics.domain.VelocityReport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The reports as CSV (RFC 4180, header row first), one row per figure in a long format {@code section, key, ...},
 * so every report fits one table a spreadsheet can pivot. Every report has a group column: {@code all} for the figures
 * over every lead, the value of {@code groupBy} for a group's.
 */
final class Csv {

    /** The group of the figures over every lead. */
    static final String ALL = "all";

    private final List<List<Object>> rows = new ArrayList<>();

    private Csv(String... header) {
        rows.add(List.of((Object[]) header));
    }

    private Csv row(Object... values) {
        rows.add(java.util.Arrays.asList(values));
        return this;
    }

    private String text() {
        StringBuilder out = new StringBuilder();
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(escape(row.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        boolean quote = s.indexOf('"') >= 0 || s.indexOf(',') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static Object rate(Ratio r) {
        return r == null ? null : r.rate();
    }

    static String conversion(ConversionReport r) {
        Csv csv = new Csv("section", "group", "from", "to", "bucket", "numerator", "denominator", "rate", "mature");
        addStages(csv, "all", r.stages());
        csv.row("lead-to-won", "all", "LEAD", "WON", null, r.leadToWon().numerator(), r.leadToWon().denominator(),
                rate(r.leadToWon()), null);
        for (ConversionReport.Group g : r.groups()) {
            addStages(csv, g.value(), g.stages());
            csv.row("lead-to-won", g.value(), "LEAD", "WON", null, g.leadToWon().numerator(),
                    g.leadToWon().denominator(), rate(g.leadToWon()), null);
        }
        addCohortsAndFlows(csv, "all", r.cohortConversion(), r.flowRatio());
        for (ConversionReport.Group g : r.groups()) {
            addCohortsAndFlows(csv, g.value(), g.cohortConversion(), g.flowRatio());
        }
        return csv.text();
    }

    private static void addCohortsAndFlows(Csv csv, String group, List<ConversionReport.CohortConversion> cohorts,
                                           List<ConversionReport.FlowRatio> flows) {
        for (ConversionReport.CohortConversion c : cohorts) {
            for (ConversionReport.CohortRow row : c.cohorts()) {
                csv.row("cohort-conversion", group, c.from(), c.to(), row.bucket(), row.conversion().numerator(),
                        row.conversion().denominator(), rate(row.conversion()), row.mature());
            }
        }
        for (ConversionReport.FlowRatio f : flows) {
            for (ConversionReport.FlowRow row : f.buckets()) {
                csv.row("flow-ratio", group, f.from(), f.to(), row.bucket(), row.entriesTo(), row.entriesFrom(),
                        rate(row.ratio()), null);
            }
        }
    }

    private static void addStages(Csv csv, String group, List<ConversionReport.StageRow> stages) {
        for (ConversionReport.StageRow s : stages) {
            csv.row("stage-reached", group, "LEAD", s.stage(), null, s.reached(), s.cumulative().denominator(),
                    rate(s.cumulative()), null);
            if (s.nextStep() != null) {
                csv.row("next-step", group, null, s.stage(), null, s.nextStep().numerator(),
                        s.nextStep().denominator(), rate(s.nextStep()), null);
            }
        }
    }

    static String velocity(Grouped<VelocityReport> r) {
        Csv csv = new Csv("group", "stage", "next", "count", "median_seconds", "p90_seconds");
        each(r, (group, report) -> {
            for (VelocityReport.StageVelocity s : report.stages()) {
                DurationStats d = s.timeInStage();
                csv.row(group, s.stage(), s.next(), d.count(), d.medianSeconds(), d.p90Seconds());
            }
            DurationStats c = report.leadToWon();
            csv.row(group, "LEAD", "WON", c.count(), c.medianSeconds(), c.p90Seconds());
        });
        return csv.text();
    }

    static String dropOff(Grouped<DropOffReport> r) {
        Csv csv = new Csv("group", "section", "key", "reason", "count");
        each(r, (group, report) -> {
            report.rejectionsBySource().forEach((source, reasons) ->
                    reasons.forEach((reason, n) -> csv.row(group, "rejection", source, reason, n)));
            report.disqualificationReasons().forEach((reason, n) -> csv.row(group, "disqualification", null, reason,
                    n));
            report.lossReasons().forEach((reason, n) -> csv.row(group, "loss", null, reason, n));
            report.exitsAfterStage().forEach((stage, n) -> csv.row(group, "exit-after-stage", stage, null, n));
            report.stuck().forEach(s -> csv.row(group, "stuck", s.stage(), null, s.count()));
        });
        return csv.text();
    }

    static String sla(Grouped<SlaReport> r) {
        Csv csv = new Csv("group", "section", "key", "value");
        each(r, (group, report) -> {
            csv.row(group, "compliance", "handled-within-sla", report.compliance().numerator());
            csv.row(group, "compliance", "due", report.compliance().denominator());
            csv.row(group, "compliance", "rate", rate(report.compliance()));
            report.breachesByOwner().forEach((owner, n) -> csv.row(group, "breaches-by-owner", owner, n));
            csv.row(group, "time-to-accept", "median_seconds", report.timeToAccept().medianSeconds());
            csv.row(group, "time-to-accept", "p90_seconds", report.timeToAccept().p90Seconds());
            report.speedToLead().forEach((band, n) -> csv.row(group, "speed-to-lead", band, n));
            csv.row(group, "black-hole", "leads", report.blackHole());
        });
        return csv.text();
    }

    /** The overall report as group {@code all}, then each group's. */
    private static <R> void each(Grouped<R> grouped, BiConsumer<String, R> rows) {
        rows.accept(ALL, grouped.all());
        grouped.groups().forEach(g -> rows.accept(g.value(), g.report()));
    }

    /**
     * One row per (group, segment): the overall figures are group and segment {@code all}, each segment's are group
     * {@code all}, each value of {@code groupBy}'s are segment {@code all}.
     */
    static String revenue(RevenueReport r) {
        Csv csv = new Csv("group", "segment", "basis", "won", "lost", "won_revenue", "average_order", "win_rate",
                "open_sql", "expected_revenue");
        revenueRow(csv, ALL, ALL, null, r.overall());
        for (RevenueReport.SegmentFigures s : r.bySegment()) {
            revenueRow(csv, ALL, s.segment(), s.basis(), s.figures());
        }
        for (RevenueReport.GroupFigures g : r.groups()) {
            revenueRow(csv, g.value(), ALL, g.basis(), g.figures());
        }
        return csv.text();
    }

    private static void revenueRow(Csv csv, String group, String segment, String basis, RevenueReport.Figures f) {
        csv.row(group, segment, basis, f.won(), f.lost(), f.wonRevenue(), f.averageOrder(), rate(f.winRate()),
                f.openSql(), f.expectedRevenue());
    }

    /** Lift is by dimension already: its {@code dimension} and {@code value} columns are the group. */
    static String lift(LiftReport r) {
        Csv csv = new Csv("dimension", "value", "converted", "leads", "rate", "lift");
        csv.row("all", null, r.overall().numerator(), r.overall().denominator(), rate(r.overall()), null);
        for (LiftReport.DimensionLift d : r.dimensions()) {
            for (LiftReport.ValueLift v : d.values()) {
                csv.row(d.dimension(), v.value(), v.conversion().numerator(), v.conversion().denominator(),
                        rate(v.conversion()), v.lift());
            }
        }
        return csv.text();
    }
}
