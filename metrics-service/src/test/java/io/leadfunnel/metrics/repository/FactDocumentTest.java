package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.domain.LeadFold;
import io.leadfunnel.metrics.domain.LeadHistory;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fold kept in a lead's document reads back exactly as it was written. */
class FactDocumentTest {

    @Test
    void givenEveryGoldenLead_whenItsFoldIsStoredAndReadBack_thenStateAndFactAreIdentical() {
        Map<String, LeadHistory> histories = new LinkedHashMap<>();
        for (FunnelEvent e : GoldenScenario.events()) {
            histories.computeIfAbsent(e.leadId(), LeadHistory::new).apply(e);
        }
        for (LeadHistory history : histories.values()) {
            LeadFold.State state = history.fold().state();
            // through BSON, as the driver stores it
            Document stored = Document.parse(FactDocument.encode(state).toJson());

            LeadFold.State read = FactDocument.decode(history.leadId(), stored);

            assertThat(read).isEqualTo(state);
            assertThat(read.fact()).isEqualTo(history.fact());
        }
    }
}
