package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.RevenueReport.Figures;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Revenue read lead by lead from the facts, as the definition states it ({@link RevenueReport}): what the report from
 * daily counts is held to. The closed deals are counted here lead by lead; how the figures are then put together
 * (basis, expected revenue) is the report's own {@link RevenueReport#of}.
 */
final class RevenueByLeads {

    private RevenueByLeads() {
    }

    static RevenueReport compute(List<LeadFact> all, Period period, Instant asOf, Dimension groupBy) {
        List<LeadFact> facts = all.stream().filter(LeadFact::counts).toList();
        Map<String, Figures> byValue = new TreeMap<>();
        if (groupBy != null) {
            Grouped.split(facts, groupBy).forEach((value, leads) -> byValue.put(value, figures(leads, period)));
        }
        return RevenueReport.of(period, asOf, figures(facts, period),
                segment -> figures(facts.stream().filter(f -> f.segment() == segment).toList(), period), groupBy,
                byValue);
    }

    private static Figures figures(List<LeadFact> facts, Period period) {
        long won = 0;
        long lost = 0;
        BigDecimal revenue = BigDecimal.ZERO.setScale(2);
        long openSql = 0;
        for (LeadFact f : facts) {
            if (f.closure() != null && period.contains(f.closure().at())) {
                if (f.closure().outcome() == Stage.WON) {
                    won++;
                    revenue = revenue.add(f.closure().amount() == null ? BigDecimal.ZERO : f.closure().amount());
                } else {
                    lost++;
                }
            }
            if (f.currentStage() == Stage.SQL) {
                openSql++;
            }
        }
        return RevenueReport.closed(won, lost, revenue, openSql);
    }
}
