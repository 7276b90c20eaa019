package io.leadfunnel.lead.security;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.webhook.FunnelSignature;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure removes the personal data from everything lead-service stores, not only the lead: stored idempotent answers
 * and events still waiting in the outbox (the broker was down). Read straight from MongoDB; the events published
 * once the broker is back carry no personal data either, and the lead is still counted (its LeadCaptured goes out).
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class ErasureTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Test
    void erasureLeavesNoPersonalDataInAnyCollectionNorInEventsPublishedLater() {
        String marker = "er" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = marker + "@erase.example";
        String key = UUID.randomUUID().toString();
        List<String> leadIds = new ArrayList<>();
        infrastructure.stopKafka();
        try {
            // an idempotent manual entry (its answer, with the e-mail, is stored) and a webhook lead with an activity
            leadIds.add(api().contentType("application/json").header("Idempotency-Key", key)
                    .body("{\"email\":\"" + email + "\",\"firstName\":\"First" + marker + "\",\"lastName\":\"Last"
                            + marker + "\",\"company\":\"Co" + marker + "\",\"title\":\"T" + marker
                            + "\",\"country\":\"DE\",\"source\":\"WEB\"}")
                    .post("/leads").then().statusCode(201).extract().path("id"));
            String body = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"externalId\":\"" + UUID.randomUUID() + "\",\"email\":\"hook-"
                    + email + "\",\"firstName\":\"First" + marker + "\",\"source\":\"webinar\",\"activities\":[{"
                    + "\"type\":\"PAGE_VIEW\",\"occurredAt\":\"" + Instant.now().minusSeconds(10) + "\",\"detail\":{"
                    + "\"note\":\"called " + marker + "\"}}]}";
            leadIds.add(signed(body).post("/webhooks/" + SOURCE).then().statusCode(200).extract().jsonPath()
                    .getString("leads[0]"));
            assertThat(storedMentions(marker)).as("before erasure").isNotEmpty();

            for (String id : leadIds) {
                api().delete("/leads/" + id).then().statusCode(204);
            }
            assertThat(storedMentions(marker)).as("after erasure, broker still down").isEmpty();
            // a replay of the idempotent request answers without the personal data
            String replay = api().contentType("application/json").header("Idempotency-Key", key)
                    .body("{\"email\":\"" + email + "\",\"firstName\":\"First" + marker + "\",\"lastName\":\"Last"
                            + marker + "\",\"company\":\"Co" + marker + "\",\"title\":\"T" + marker
                            + "\",\"country\":\"DE\",\"source\":\"WEB\"}")
                    .post("/leads").then().statusCode(201).extract().asString();
            assertThat(replay).doesNotContain(marker);
        } finally {
            infrastructure.startKafka();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> published = new ArrayList<>();
            for (ConsumerRecord<String, String> record : new TopicReader().readAll(Topics.LEAD_EVENTS,
                    Duration.ofSeconds(30))) {
                if (leadIds.contains(record.key())) {
                    published.add(record);
                }
            }
            assertThat(published).extracting(ConsumerRecord::value)
                    .anyMatch(v -> v.contains("\"LeadCaptured\""))
                    .anyMatch(v -> v.contains("\"LeadErased\""))
                    .noneMatch(v -> v.contains(marker));
        });
    }

    /** Every stored document of lead-service's database that mentions the marker. */
    private List<String> storedMentions(String marker) {
        List<String> found = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoConnectionString())) {
            MongoDatabase database = mongo.getDatabase(
                    ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class));
            for (String collection : database.listCollectionNames()) {
                for (Document doc : database.getCollection(collection).find()) {
                    String json = doc.toJson();
                    if (json.contains(marker)) {
                        found.add(collection + ": " + (json.length() > 300 ? json.substring(0, 300) : json));
                    }
                }
            }
        }
        return found;
    }

    private static RequestSpecification api() {
        return RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")));
    }

    private static RequestSpecification signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RestAssured.given().config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("application/json")
                .header(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, Instant.now().getEpochSecond(), bytes))
                .body(bytes);
    }
}
