package io.leadfunnel.metrics.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.CountedFacts;
import io.leadfunnel.metrics.domain.Bucket;
import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.DropOffReport;
import io.leadfunnel.metrics.domain.Grouped;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadRecord;
import io.leadfunnel.metrics.domain.LiftReport;
import io.leadfunnel.metrics.domain.Period;
import io.leadfunnel.metrics.domain.RevenueReport;
import io.leadfunnel.metrics.domain.SlaReport;
import io.leadfunnel.metrics.domain.VelocityReport;
import io.leadfunnel.metrics.rest.dto.ConversionView;
import io.leadfunnel.metrics.rest.dto.DropOffView;
import io.leadfunnel.metrics.rest.dto.LiftView;
import io.leadfunnel.metrics.rest.dto.RevenueView;
import io.leadfunnel.metrics.rest.dto.SlaView;
import io.leadfunnel.metrics.rest.dto.VelocityView;
import io.leadfunnel.metrics.scenario.ExpectedFigures;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import io.leadfunnel.metrics.scenario.GroupedFigures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The grouped reports of the golden scenario from the domain and the views alone, as JSON and as CSV. */
class GroupedReportsTest {

    static final Period PERIOD = new Period(Instant.parse("2026-09-07T00:00:00Z"),
            Instant.parse("2026-10-05T00:00:00Z"));
    static final Instant AS_OF = Instant.parse("2026-10-12T00:00:00Z");
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

    static final List<LeadFact> FACTS = facts(GoldenScenario.events());

    static List<LeadFact> facts(List<FunnelEvent> events) {
        Map<String, LeadRecord> histories = new LinkedHashMap<>();
        for (FunnelEvent e : events) {
            histories.computeIfAbsent(e.leadId(), LeadRecord::new).apply(e);
        }
        return histories.values().stream().map(LeadRecord::fact).toList();
    }

    /** Written and read back, as a client reads it. */
    static JsonNode json(Object view) {
        try {
            return ExpectedFigures.parse(JSON.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Grouped<VelocityReport> velocity(Dimension d) {
        return VelocityReport.compute(CountedFacts.of(FACTS), PERIOD, d);
    }

    static Grouped<SlaReport> sla(Dimension d) {
        return SlaReport.compute(CountedFacts.of(FACTS), PERIOD, AS_OF, Duration.ofDays(2), d);
    }

    static Grouped<DropOffReport> dropOff(Dimension d) {
        return DropOffReport.compute(CountedFacts.of(FACTS), PERIOD, AS_OF, Duration.ofDays(14), d);
    }

    @Test
    void givenTheGoldenScenario_whenRevenueIsGrouped_thenEachGroupMatchesTheHandComputedTable() {
        for (Dimension d : List.of(Dimension.SOURCE, Dimension.CAMPAIGN, Dimension.OWNER, Dimension.TEAM)) {
            GroupedFigures.assertRevenue(d.param(), json(RevenueView.of(RevenueReport.compute(CountedFacts.of(FACTS),
                    PERIOD, AS_OF, d))));
        }
    }

    @Test
    void givenNoGrouping_whenRevenueIsComputed_thenItIsBySegmentWithNoGroups() {
        JsonNode revenue = json(RevenueView.of(RevenueReport.compute(CountedFacts.of(FACTS), PERIOD, AS_OF, null)));

        ExpectedFigures.assertAll(endpoint -> endpoint.equals("/revenue") ? revenue.toString()
                : golden(endpoint));
        assertThat(revenue.get("groupBy").isNull()).isTrue();
        assertThat(revenue.get("groups")).isEmpty();
    }

    /** The other ungrouped reports through the views, for {@link #givenNoGrouping_whenRevenueIsComputed_thenItIsBySegmentWithNoGroups}. */
    static String golden(String endpoint) {
        return switch (endpoint) {
            case "" -> json(ConversionView.of(ConversionReport.compute(CountedFacts.of(FACTS), PERIOD, AS_OF, null,
                    Bucket.WEEK, Duration.ofDays(14)))).toString();
            case "/velocity" -> json(VelocityView.of(velocity(null))).toString();
            case "/drop-off" -> json(DropOffView.of(dropOff(null))).toString();
            case "/sla" -> json(SlaView.of(sla(null))).toString();
            case "/lift" -> json(LiftView.of(LiftReport.compute(CountedFacts.of(FACTS), PERIOD, Stage.WON,
                    LiftReport.DIMENSIONS))).toString();
            default -> throw new IllegalArgumentException(endpoint);
        };
    }

    @Test
    void givenTheGoldenScenario_whenVelocitySlaDropOffAndLiftAreGrouped_thenTheGroupsMatchTheHandComputedFigures() {
        GroupedFigures.assertVelocityBySource(json(VelocityView.of(velocity(Dimension.SOURCE))));
        GroupedFigures.assertSlaByOwner(json(SlaView.of(sla(Dimension.OWNER))));
        GroupedFigures.assertDropOffByOwner(json(DropOffView.of(dropOff(Dimension.OWNER))));
        GroupedFigures.assertLiftByCampaign(json(LiftView.of(LiftReport.compute(CountedFacts.of(FACTS), PERIOD,
                Stage.WON, List.of(Dimension.CAMPAIGN)))));
        GroupedFigures.assertConversionByCampaign(json(ConversionView.of(ConversionReport.compute(
                CountedFacts.of(FACTS), PERIOD, AS_OF, Dimension.CAMPAIGN, Bucket.WEEK, Duration.ofDays(14)))));
    }

    @Test
    void givenEveryDimension_whenEachReportIsGrouped_thenTheGroupsPartitionTheLeads() {
        for (Dimension d : Dimension.values()) {
            Grouped<VelocityReport> velocity = velocity(d);
            assertThat(velocity.groups().stream().mapToInt(g -> g.report().leadToWon().count()).sum())
                    .as("won leads by %s", d).isEqualTo(velocity.all().leadToWon().count());
            Grouped<SlaReport> sla = sla(d);
            assertThat(sla.groups().stream().mapToLong(g -> g.report().compliance().denominator()).sum())
                    .as("hand-offs due by %s", d).isEqualTo(sla.all().compliance().denominator());
            RevenueReport revenue = RevenueReport.compute(CountedFacts.of(FACTS), PERIOD, AS_OF, d);
            assertThat(revenue.groups().stream().mapToLong(g -> g.figures().won()).sum())
                    .as("won deals by %s", d).isEqualTo(revenue.overall().won());
            Grouped<DropOffReport> dropOff = dropOff(d);
            assertThat(dropOff.groups().stream().mapToLong(g -> g.report().stuck().get(0).count()).sum())
                    .as("stuck leads by %s", d).isEqualTo(dropOff.all().stuck().get(0).count());
        }
    }

    @Test
    void givenAGrouping_whenWrittenAsCsv_thenEveryRowCarriesItsGroup() {
        assertThat(Csv.velocity(velocity(Dimension.SOURCE)))
                .startsWith("group,stage,next,count,median_seconds,p90_seconds\r\n")
                .contains("all,MQL,SAL,19,600,18000\r\n", "all,LEAD,WON,9,864000,864000\r\n",
                        "web,MQL,SAL,10,420,1500\r\n", "web,LEAD,WON,5,864000,864000\r\n");
        assertThat(Csv.sla(sla(Dimension.OWNER))).startsWith("group,section,key,value\r\n")
                .contains("all,compliance,rate,0.8571\r\n", "alice,compliance,rate,0.8000\r\n",
                        "carol,black-hole,leads,1\r\n");
        assertThat(Csv.dropOff(dropOff(Dimension.OWNER))).startsWith("group,section,key,reason,count\r\n")
                .contains("all,stuck,SQL,,4\r\n", "alice,stuck,SQL,,2\r\n");
        assertThat(Csv.revenue(RevenueReport.compute(CountedFacts.of(FACTS), PERIOD, AS_OF, Dimension.CAMPAIGN)))
                .startsWith("group,segment,basis,won,lost,won_revenue,average_order,win_rate,open_sql,"
                        + "expected_revenue\r\n")
                .contains("all,all,,7,3,143000.00,20428.57,0.7000,6,87000.00\r\n",
                        "all,mid,segment,4,1,65000.00,16250.00,0.8000,4,52000.00\r\n",
                        "fall-web,all,own,4,1,75000.00,18750.00,0.8000,1,15000.00\r\n",
                        "expo-2026,all,overall,0,0,0.00,,,2,28600.00\r\n");
    }
}
