package io.leadfunnel.lead.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.leadfunnel.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.testing.DeadLetterRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The read model of stage, owner and score, fed through the real broker with the contract's golden samples and read
 * back through the API, a record at a time and as polls of several leads.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class ReadModelConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TopicWriter writer;

    @BeforeAll
    static void openWriter() {
        writer = new TopicWriter();
    }

    @AfterAll
    static void closeWriter() {
        writer.close();
    }

    @Test
    void goldenSamplesSetStageOwnerAndScore() {
        String id = createLead();

        publish(Topics.LEAD_SCORES, golden(LeadScored.class, id, null, null));
        publish(Topics.LEAD_LIFECYCLE, golden(LeadStageChanged.class, id, null, null));
        publish(Topics.LEAD_LIFECYCLE, golden(HandoffAssigned.class, id, null, null));

        await().atMost(WAIT).untilAsserted(() -> lead(id).then()
                .body("stage", equalTo("MQL"))
                .body("stageAt", equalTo("2026-03-04T08:45:04Z"))
                .body("owner", equalTo("jonas.berg"))
                .body("team", equalTo("dach-mid-market"))
                .body("score.fit", equalTo(80))
                .body("score.engagement", equalTo(45))
                .body("score.total", equalTo(66))
                .body("score.grade", equalTo("A"))
                .body("score.modelVersion", equalTo(3)));
    }

    @Test
    void aDuplicateEventChangesNothing() {
        String id = createLead();
        String stageChange = golden(LeadStageChanged.class, id, UUID.randomUUID(), null);
        publish(Topics.LEAD_LIFECYCLE, stageChange);
        await().atMost(WAIT).untilAsserted(() -> lead(id).then().body("stage", equalTo("MQL")));
        Map<String, Object> before = lead(id).then().extract().jsonPath().getMap("$");

        publish(Topics.LEAD_LIFECYCLE, stageChange);
        // records of one lead stay in order: once the marker behind the duplicate is applied, so was the duplicate
        UUID marker = publishMarker(id);

        Map<String, Object> after = lead(id).then().extract().jsonPath().getMap("$");
        assertThat(withoutMarker(after, marker)).isEqualTo(withoutMarker(before, marker));
        assertThat(JsonPath.from(lead(id).asString()).getList("timeline.findAll { it.kind == 'stage' }")).hasSize(1);
    }

    @Test
    void anOlderStageChangeArrivingLateDoesNotOverwriteTheNewerStage() {
        String id = createLead();
        publish(Topics.LEAD_LIFECYCLE, stageChange(id, "MQL", "SAL", "2026-03-05T10:00:00Z"));
        await().atMost(WAIT).untilAsserted(() -> lead(id).then().body("stage", equalTo("SAL")));

        publish(Topics.LEAD_LIFECYCLE, stageChange(id, "LEAD", "MQL", "2026-03-04T08:45:04Z"));
        publishMarker(id);

        JsonPath after = lead(id).then().extract().jsonPath();
        assertThat(after.getString("stage")).isEqualTo("SAL");
        assertThat(after.getString("stageAt")).isEqualTo("2026-03-05T10:00:00Z");
        // the late event is history all the same
        assertThat(after.getList("timeline.findAll { it.kind == 'stage' }.data.to", String.class))
                .containsExactlyInAnyOrder("SAL", "MQL");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsCauseAndThePartitionCarriesOn() {
        String id = createLead();
        publish(Topics.LEAD_LIFECYCLE, id, "this is not JSON {");
        publish(Topics.LEAD_LIFECYCLE, stageChange(id, "LEAD", "MQL", "2026-03-04T08:45:04Z"));

        await().atMost(WAIT).untilAsserted(() -> lead(id).then().body("stage", equalTo("MQL")));
        TopicReader reader = new TopicReader();
        String dlq = Topics.deadLetter(Topics.LEAD_LIFECYCLE);
        ConsumerRecord<String, String>[] dead = new ConsumerRecord[1];
        await().atMost(WAIT).until(() -> {
            dead[0] = reader.readAll(dlq, WAIT).stream().filter(r -> id.equals(r.key())).findFirst().orElse(null);
            return dead[0] != null;
        });
        assertThat(dead[0].value()).isEqualTo("this is not JSON {");
        assertThat(header(dead[0], "dead-letter-topic")).isEqualTo(Topics.LEAD_LIFECYCLE);
        assertThat(header(dead[0], "dead-letter-reason")).isNotBlank();
        assertThat(header(dead[0], "dead-letter-offset")).isNotBlank();
        assertThat(header(dead[0], "dead-letter-exception-class-name")).isNotBlank();
    }

    @Test
    void aPollOfSeveralLeadsIsTakenInInOrderAndItsPoisonRecordGoesAloneToTheDeadLetterTopic() {
        // given several leads, each with a run of lifecycle events (one of them late) and two scores
        List<String> ids = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = createLead();
            ids.add(id);
            records.add(onPartitionZero(Topics.LEAD_LIFECYCLE, stageChange(id, "LEAD", "MQL", "2026-03-04T08:45:04Z")));
            records.add(onPartitionZero(Topics.LEAD_LIFECYCLE, golden(HandoffAssigned.class, id, UUID.randomUUID(),
                    Instant.parse("2026-03-04T08:45:05Z"))));
            records.add(onPartitionZero(Topics.LEAD_LIFECYCLE, stageChange(id, "MQL", "SAL", "2026-03-05T10:00:00Z")));
            records.add(onPartitionZero(Topics.LEAD_LIFECYCLE, stageChange(id, "LEAD", "MQL", "2026-03-01T00:00:00Z")));
            records.add(onPartitionZero(Topics.LEAD_SCORES, golden(LeadScored.class, id, UUID.randomUUID(),
                    Instant.parse("2026-03-05T10:00:00Z"))));
            records.add(onPartitionZero(Topics.LEAD_SCORES, golden(LeadScored.class, id, UUID.randomUUID(),
                    Instant.parse("2026-03-04T10:00:00Z")).replace("\"total\":66", "\"total\":12")));
        }
        String bad = "poll-poison-" + UUID.randomUUID();
        records.add(3, new ProducerRecord<>(Topics.LEAD_LIFECYCLE, 0, bad, "{\"type\":\"LeadStageChanged\""));

        // when they are published in one go
        sendAtOnce(records);

        // then every lead ends at its newest stage with its owner, its newest score, and every event in its timeline
        for (String id : ids) {
            await().atMost(WAIT).untilAsserted(() -> lead(id).then()
                    .body("stage", equalTo("SAL"))
                    .body("stageAt", equalTo("2026-03-05T10:00:00Z"))
                    .body("owner", equalTo("jonas.berg"))
                    .body("score.total", equalTo(66)));
            await().atMost(WAIT).untilAsserted(() -> assertThat(lead(id).then().extract().jsonPath()
                    .getList("timeline.findAll { it.kind == 'stage' }.data.to", String.class))
                    .containsExactlyInAnyOrder("MQL", "SAL", "MQL"));
        }
        // and the poison record alone is on lead.lifecycle.dlq, with its cause
        String dlq = Topics.deadLetter(Topics.LEAD_LIFECYCLE);
        TopicReader reader = new TopicReader();
        List<ConsumerRecord<String, String>> dead = await().atMost(WAIT).until(() -> reader.readAll(dlq, WAIT).stream()
                .filter(r -> bad.equals(r.key()) || ids.contains(r.key())).toList(), list -> !list.isEmpty());
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(bad);
            assertThat(header(record, DeadLetters.TOPIC)).isEqualTo(Topics.LEAD_LIFECYCLE);
            assertThat(header(record, DeadLetters.PARTITION)).isEqualTo("0");
            assertThat(header(record, DeadLetters.REASON)).isNotBlank();
        });
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static ProducerRecord<String, String> onPartitionZero(String topic, String json) {
        return new ProducerRecord<>(topic, 0, FunnelJson.read(json).leadId(), json);
    }

    /**
     * Sends the records in one produce request per topic (lingering until flushed), so that one consumer takes each
     * topic's records in one poll; one partition keeps each lead's records in order, as the key-based partitioner does.
     */
    private static void sendAtOnce(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FunnelInfrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5000",
                ProducerConfig.BATCH_SIZE_CONFIG, "1048576"), new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static String createLead() {
        return RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ops", "sales-ops")))
                .contentType(ContentType.JSON)
                .body(Map.of("email", "rm." + UUID.randomUUID().toString().substring(0, 8) + "@acme-robotics.example",
                        "source", "WEBINAR"))
                .post("/leads")
                .then().statusCode(201)
                .extract().path("id");
    }

    private static io.restassured.response.Response lead(String id) {
        return RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ops", "sales")))
                .get("/leads/" + id);
    }

    private static void publish(String topic, String json) {
        String key = json.startsWith("{") ? FunnelJson.read(json).leadId() : null;
        writer.send(topic, key, json);
    }

    private static void publish(String topic, String key, String value) {
        writer.send(topic, key, value);
    }

    /**
     * Publishes an old hand-off (it changes no owner, only adds a timeline line) and waits until it is applied: by
     * then everything published before it for the same lead was applied too.
     */
    private static UUID publishMarker(String id) {
        UUID marker = UUID.randomUUID();
        publish(Topics.LEAD_LIFECYCLE, golden(HandoffAssigned.class, id, marker, Instant.parse("2020-01-01T00:00:00Z")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                lead(id).then().extract().jsonPath().getList("timeline.eventId")).contains(marker.toString()));
        return marker;
    }

    /** The lead as JSON without what the marker itself changed: its timeline line and the update time. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutMarker(Map<String, Object> lead, UUID marker) {
        Map<String, Object> copy = new HashMap<>(lead);
        copy.remove("updatedAt");
        copy.put("timeline", ((List<Map<String, Object>>) lead.get("timeline")).stream()
                .filter(entry -> !marker.toString().equals(entry.get("eventId"))).toList());
        return copy;
    }

    private static String stageChange(String id, String from, String to, String at) {
        ObjectNode event = (ObjectNode) FunnelJson.mapper().valueToTree(
                FunnelJson.read(golden(LeadStageChanged.class, id, UUID.randomUUID(), Instant.parse(at))));
        event.put("from", from);
        event.put("to", to);
        return event.toString();
    }

    /** A golden sample for this lead, optionally with a new event id and time. */
    private static String golden(Class<? extends FunnelEvent> type, String leadId, UUID eventId, Instant at) {
        try {
            ObjectNode node = (ObjectNode) FunnelJson.mapper().readTree(GoldenSamples.json(type));
            node.put("leadId", leadId);
            if (eventId != null) {
                node.put("eventId", eventId.toString());
            }
            if (at != null) {
                node.put("occurredAt", at.toString());
            }
            return node.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
