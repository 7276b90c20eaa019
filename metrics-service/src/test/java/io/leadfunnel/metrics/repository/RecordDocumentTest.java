package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.domain.LeadRecord;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The record kept in a lead's document reads back exactly as it was written. */
class RecordDocumentTest {

    @Test
    void givenEveryGoldenLead_whenItsRecordIsStoredAndReadBack_thenRecordAndFactAreIdentical() {
        Map<String, LeadRecord> records = new LinkedHashMap<>();
        for (FunnelEvent e : GoldenScenario.events()) {
            records.computeIfAbsent(e.leadId(), LeadRecord::new).apply(e);
        }
        for (LeadRecord record : records.values()) {
            // through BSON, as the driver stores it
            Document stored = Document.parse(RecordDocument.encode(record).toJson());

            LeadRecord read = RecordDocument.decode(record.leadId(), stored);

            assertThat(read).isEqualTo(record);
            assertThat(read.fact()).isEqualTo(record.fact());
        }
    }
}
