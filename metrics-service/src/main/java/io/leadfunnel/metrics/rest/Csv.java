package io.leadfunnel.metrics.rest;

import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.DropOffReport;
import io.leadfunnel.metrics.domain.DurationStats;
import io.leadfunnel.metrics.domain.LiftReport;
import io.leadfunnel.metrics.domain.Ratio;
import io.leadfunnel.metrics.domain.RevenueReport;
import io.leadfunnel.metrics.domain.SlaReport;
import io.leadfunnel.metrics.domain.VelocityReport;

import java.util.ArrayList;
import java.util.List;

/**
 * The reports as CSV (RFC 4180, header row first), one row per figure in a long format {@code section, key, ...},
 * so every report fits one table a spreadsheet can pivot.
 */
final class Csv {

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

    static String velocity(VelocityReport r) {
        Csv csv = new Csv("stage", "next", "count", "median_seconds", "p90_seconds");
        for (VelocityReport.StageVelocity s : r.stages()) {
            DurationStats d = s.timeInStage();
            csv.row(s.stage(), s.next(), d.count(), d.medianSeconds(), d.p90Seconds());
        }
        DurationStats c = r.leadToWon();
        return csv.row("LEAD", "WON", c.count(), c.medianSeconds(), c.p90Seconds()).text();
    }

    static String dropOff(DropOffReport r) {
        Csv csv = new Csv("section", "key", "reason", "count");
        r.rejectionsBySource().forEach((source, reasons) ->
                reasons.forEach((reason, n) -> csv.row("rejection", source, reason, n)));
        r.disqualificationReasons().forEach((reason, n) -> csv.row("disqualification", null, reason, n));
        r.lossReasons().forEach((reason, n) -> csv.row("loss", null, reason, n));
        r.exitsAfterStage().forEach((stage, n) -> csv.row("exit-after-stage", stage, null, n));
        r.stuck().forEach(s -> csv.row("stuck", s.stage(), null, s.count()));
        return csv.text();
    }

    static String sla(SlaReport r) {
        Csv csv = new Csv("section", "key", "value");
        csv.row("compliance", "handled-within-sla", r.compliance().numerator());
        csv.row("compliance", "due", r.compliance().denominator());
        csv.row("compliance", "rate", rate(r.compliance()));
        r.breachesByOwner().forEach((owner, n) -> csv.row("breaches-by-owner", owner, n));
        csv.row("time-to-accept", "median_seconds", r.timeToAccept().medianSeconds());
        csv.row("time-to-accept", "p90_seconds", r.timeToAccept().p90Seconds());
        r.speedToLead().forEach((band, n) -> csv.row("speed-to-lead", band, n));
        return csv.row("black-hole", "leads", r.blackHole()).text();
    }

    static String revenue(RevenueReport r) {
        Csv csv = new Csv("segment", "basis", "won", "lost", "won_revenue", "average_order", "win_rate", "open_sql",
                "expected_revenue");
        RevenueReport.Figures o = r.overall();
        csv.row("all", null, o.won(), o.lost(), o.wonRevenue(), o.averageOrder(), rate(o.winRate()), o.openSql(),
                o.expectedRevenue());
        for (RevenueReport.SegmentFigures s : r.bySegment()) {
            RevenueReport.Figures f = s.figures();
            csv.row(s.segment(), s.basis(), f.won(), f.lost(), f.wonRevenue(), f.averageOrder(), rate(f.winRate()),
                    f.openSql(), f.expectedRevenue());
        }
        return csv.text();
    }

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
