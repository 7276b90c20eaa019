package io.leadfunnel.metrics.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.CountedFacts;
import io.leadfunnel.metrics.scenario.ExpectedFigures;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The golden scenario's figures from the domain alone, without broker or store. */
class GoldenFiguresTest {

    static final Period PERIOD = new Period(Instant.parse("2026-09-07T00:00:00Z"), Instant.parse("2026-10-05T00:00:00Z"));
    static final Instant AS_OF = Instant.parse("2026-10-12T00:00:00Z");
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

    static List<LeadFact> facts(Collection<FunnelEvent> events) {
        Map<String, LeadRecord> histories = new LinkedHashMap<>();
        for (FunnelEvent e : events) {
            histories.computeIfAbsent(e.leadId(), LeadRecord::new).apply(e);
        }
        return histories.values().stream().map(LeadRecord::fact).toList();
    }

    static Map<String, String> reports(List<LeadFact> facts, Dimension groupBy) {
        Map<String, Object> reports = new LinkedHashMap<>();
        reports.put("", ConversionReport.compute(CountedFacts.of(facts), PERIOD, AS_OF, groupBy, Bucket.WEEK,
                Duration.ofDays(14)));
        reports.put("/velocity", VelocityReport.compute(CountedFacts.of(facts), PERIOD, null).all());
        reports.put("/drop-off", DropOffReport.compute(CountedFacts.of(facts), PERIOD, AS_OF, Duration.ofDays(14), null)
                .all());
        reports.put("/sla", SlaReport.compute(CountedFacts.of(facts), PERIOD, AS_OF, Duration.ofDays(2), null).all());
        reports.put("/revenue", RevenueReport.compute(CountedFacts.of(facts), PERIOD, AS_OF, null));
        reports.put("/lift", LiftReport.compute(CountedFacts.of(facts), PERIOD, Stage.WON, LiftReport.DIMENSIONS));
        Map<String, String> json = new LinkedHashMap<>();
        reports.forEach((k, v) -> {
            try {
                json.put(k, JSON.writeValueAsString(v));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return json;
    }

    @Test
    void givenTheGoldenScenario_whenComputed_thenEveryFigureMatchesTheHandComputedTable() {
        Map<String, String> json = reports(facts(GoldenScenario.events()), null);

        ExpectedFigures.assertAll(json::get);
        ExpectedFigures.assertBySource(ExpectedFigures.parse(
                reports(facts(GoldenScenario.events()), Dimension.SOURCE).get("")));
    }

    @Test
    void givenEveryEventTwiceInShuffledOrder_whenComputed_thenTheFiguresAreIdentical() {
        Map<String, String> expected = reports(facts(GoldenScenario.events()), Dimension.SOURCE);
        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            List<FunnelEvent> doubled = new ArrayList<>(GoldenScenario.events());
            doubled.addAll(GoldenScenario.events());
            Collections.shuffle(doubled, random);

            assertThat(reports(facts(doubled), Dimension.SOURCE)).isEqualTo(expected);
        }
    }
}
