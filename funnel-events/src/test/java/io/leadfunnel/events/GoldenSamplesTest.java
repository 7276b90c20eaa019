package io.leadfunnel.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoldenSamplesTest {

    static List<Class<? extends FunnelEvent>> eventTypes() {
        return GoldenSamples.EVENT_TYPES;
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void golden_sample_reads_as_its_type_and_writes_back_the_same_json(Class<? extends FunnelEvent> type) throws Exception {
        // given the golden sample
        String json = GoldenSamples.json(type);

        // when it is read and written again
        FunnelEvent event = FunnelJson.read(json);
        String written = FunnelJson.write(event);

        // then the type is right and no field was lost or invented
        assertThat(event).isInstanceOf(type);
        assertThat(event.type()).isEqualTo(type.getSimpleName());
        JsonNode expected = FunnelJson.mapper().readTree(json);
        JsonNode actual = FunnelJson.mapper().readTree(written);
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void every_sample_carries_the_full_envelope(Class<? extends FunnelEvent> type) throws Exception {
        JsonNode node = FunnelJson.mapper().readTree(GoldenSamples.json(type));

        assertThat(node.fieldNames()).toIterable()
                .contains("eventId", "type", "leadId", "occurredAt", "schemaVersion", "producer");
        assertThat(node.get("occurredAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        assertThat(node.get("schemaVersion").asInt()).isEqualTo(FunnelEvent.SCHEMA_VERSION);
    }

    @Test
    void the_producer_of_each_sample_matches_its_topic_family() {
        for (Class<? extends FunnelEvent> type : GoldenSamples.EVENT_TYPES) {
            FunnelEvent event = GoldenSamples.event(type);
            String expected = event instanceof LeadEvent ? LeadEvent.PRODUCER
                    : event instanceof ScoreEvent ? ScoreEvent.PRODUCER : LifecycleEvent.PRODUCER;
            assertThat(event.producer()).as(type.getSimpleName()).isEqualTo(expected);
        }
    }

    @Test
    void unknown_fields_from_a_newer_producer_are_ignored() {
        String json = GoldenSamples.json(LeadErased.class)
                .replace("\"reason\": \"REQUEST\"", "\"reason\": \"REQUEST\", \"retentionPolicy\": {\"days\": 30}");

        LeadErased event = FunnelJson.read(json, LeadErased.class);

        assertThat(event.reason()).isEqualTo(LeadErased.Reason.REQUEST);
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-06-30T12:00:00Z"));
    }

    @Test
    void an_unknown_event_type_is_reported_as_such() {
        String json = GoldenSamples.json(LeadErased.class).replace("\"LeadErased\"", "\"LeadTeleported\"");

        assertThatThrownBy(() -> FunnelJson.read(json))
                .isInstanceOf(FunnelJson.UnknownEventTypeException.class)
                .hasMessageContaining("LeadTeleported");
    }

    @Test
    void malformed_json_is_an_illegal_argument() {
        assertThatThrownBy(() -> FunnelJson.read("{\"type\": \"LeadCaptured\", \"eventId\": "))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(FunnelJson.UnknownEventTypeException.class);
    }

    @Test
    void an_event_without_a_lead_id_is_refused() {
        String json = GoldenSamples.json(LeadErased.class).replace("\"leadId\": \"6571a3f09c1d4e2b8a7f0c11\",", "");

        assertThatThrownBy(() -> FunnelJson.read(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reading_a_family_refuses_an_event_of_another_topic() {
        assertThatThrownBy(() -> FunnelJson.read(GoldenSamples.json(LeadScored.class), LeadEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LeadScored");
    }
}
