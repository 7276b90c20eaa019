package io.leadfunnel.metrics.rest.page;

import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.DurationStats;
import io.leadfunnel.metrics.domain.Ratio;
import io.leadfunnel.metrics.domain.RevenueReport;
import io.leadfunnel.metrics.domain.SlaReport;
import io.leadfunnel.metrics.domain.VelocityReport;
import io.quarkus.qute.TemplateData;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the funnel page shows, already formatted: the template only lays it out. The anonymous page gets the conversion
 * counts only ({@link #countsOnly}); velocity, SLA (with owner names) and revenue are left empty, not hidden.
 */
@TemplateData
public class FunnelPageView {

    public final String from;
    public final String to;
    public final String asOf;
    /** Whether velocity, SLA and revenue are shown (a logged-in reader), or the conversion counts only. */
    public final boolean detailed;
    public final long leads;
    public final String leadToWon;
    public final List<Bar> stages = new ArrayList<>();
    public final List<Row> velocity = new ArrayList<>();
    public final List<Row> sla = new ArrayList<>();
    public final List<Row> speedToLead = new ArrayList<>();
    public final List<Row> breachesByOwner = new ArrayList<>();
    public final List<GroupRow> sources = new ArrayList<>();
    public final List<GroupRow> campaigns = new ArrayList<>();
    public final List<Row> revenue = new ArrayList<>();

    /** One funnel bar; {@code width} in percent of the LEAD bar. */
    @TemplateData
    public record Bar(String stage, long count, String cumulative, String nextStep, int width) {
    }

    @TemplateData
    public record Row(String label, String value, String extra) {
    }

    /**
     * Conversion of one source or campaign and, on the detailed page, its revenue (empty on the anonymous page).
     *
     * @param value the source or campaign
     */
    @TemplateData
    public record GroupRow(String value, long leads, long mql, long sal, long sql, long won, String leadToWon,
                           String wonRevenue, String winRate, String expectedRevenue) {
    }

    /** Every figure: the page of a logged-in reader. */
    public FunnelPageView(String from, String to, String asOf, ConversionReport funnel, ConversionReport bySource,
                          ConversionReport byCampaign, VelocityReport velocity, SlaReport sla,
                          RevenueReport revenueBySource, RevenueReport revenueByCampaign) {
        this(from, to, asOf, funnel, true);
        addGroups(sources, bySource, revenueBySource);
        addGroups(campaigns, byCampaign, revenueByCampaign);
        addVelocity(velocity);
        addSla(sla);
        addRevenue(revenueBySource);
    }

    /** Stage, source and campaign counts with their conversion rates, nothing else: the anonymous page. */
    public static FunnelPageView countsOnly(String from, String to, String asOf, ConversionReport funnel,
                                            ConversionReport bySource, ConversionReport byCampaign) {
        FunnelPageView view = new FunnelPageView(from, to, asOf, funnel, false);
        view.addGroups(view.sources, bySource, null);
        view.addGroups(view.campaigns, byCampaign, null);
        return view;
    }

    private FunnelPageView(String from, String to, String asOf, ConversionReport funnel, boolean detailed) {
        this.from = from == null ? "" : from;
        this.to = to == null ? "" : to;
        this.asOf = asOf;
        this.detailed = detailed;
        this.leads = funnel.stages().get(0).reached();
        this.leadToWon = percent(funnel.leadToWon());
        for (ConversionReport.StageRow s : funnel.stages()) {
            int width = leads == 0 ? 0 : (int) Math.max(1, Math.round(100.0 * s.reached() / leads));
            stages.add(new Bar(s.stage().name(), s.reached(), percent(s.cumulative()),
                    s.nextStep() == null ? "" : percent(s.nextStep()), width));
        }
    }

    /** One row per group of the conversion, with the same group's revenue when given. */
    private void addGroups(List<GroupRow> rows, ConversionReport conversion, RevenueReport revenue) {
        Map<String, RevenueReport.Figures> money = new HashMap<>();
        if (revenue != null) {
            revenue.groups().forEach(g -> money.put(g.value(), g.figures()));
        }
        for (ConversionReport.Group g : conversion.groups()) {
            List<ConversionReport.StageRow> s = g.stages();
            RevenueReport.Figures f = money.get(g.value());
            rows.add(new GroupRow(g.value(), s.get(0).reached(), s.get(1).reached(), s.get(2).reached(),
                    s.get(3).reached(), s.get(4).reached(), percent(g.leadToWon()),
                    f == null ? "" : money(f.wonRevenue()), f == null ? "" : percent(f.winRate()),
                    f == null ? "" : money(f.expectedRevenue())));
        }
    }

    private void addVelocity(VelocityReport velocity) {
        for (VelocityReport.StageVelocity v : velocity.stages()) {
            this.velocity.add(new Row(v.stage() + " → " + v.next(), duration(v.timeInStage().medianSeconds()),
                    duration(v.timeInStage().p90Seconds()) + " (" + v.timeInStage().count() + " leads)"));
        }
        DurationStats cycle = velocity.leadToWon();
        this.velocity.add(new Row("LEAD → WON (cycle)", duration(cycle.medianSeconds()),
                duration(cycle.p90Seconds()) + " (" + cycle.count() + " leads)"));
    }

    private void addSla(SlaReport sla) {
        this.sla.add(new Row("Compliance", percent(sla.compliance()),
                sla.compliance().numerator() + " of " + sla.compliance().denominator() + " hand-offs"));
        this.sla.add(new Row("Median time to accept", duration(sla.timeToAccept().medianSeconds()), ""));
        this.sla.add(new Row("Black hole (MQLs never actioned)", String.valueOf(sla.blackHole()), ""));
        sla.speedToLead().forEach((band, n) -> speedToLead.add(new Row(band, String.valueOf(n), "")));
        sla.breachesByOwner().forEach((owner, n) -> breachesByOwner.add(new Row(owner, String.valueOf(n), "")));
    }

    private void addRevenue(RevenueReport revenue) {
        RevenueReport.Figures o = revenue.overall();
        this.revenue.add(new Row("Won revenue", money(o.wonRevenue()), o.won() + " deals"));
        this.revenue.add(new Row("Average order", money(o.averageOrder()), ""));
        this.revenue.add(new Row("Win rate", percent(o.winRate()), o.won() + " won, " + o.lost() + " lost"));
        this.revenue.add(new Row("Expected revenue of open SQLs", money(o.expectedRevenue()), o.openSql() + " open"));
    }

    static String percent(Ratio r) {
        return r == null || r.rate() == null ? "–"
                : r.rate().multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP) + " %";
    }

    static String money(BigDecimal amount) {
        return amount == null ? "–" : String.format(java.util.Locale.ROOT, "%,.2f", amount);
    }

    static String duration(Long seconds) {
        if (seconds == null) {
            return "–";
        }
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        return d > 0 ? d + " d " + h + " h" : h > 0 ? h + " h " + m + " min" : m + " min";
    }

}
