package io.leadfunnel.metrics;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.leadfunnel.events.Actor;
import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TopicWriter;
import io.leadfunnel.testing.kits.PersonalData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.testing.kits.PersonalData.storedDocuments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Personal data stays out of the INFO log and out of the store once a lead is erased: a lead with marker e-mail, names,
 * company, domain and title goes through the service (and an unreadable record quoting the e-mail goes to the
 * dead-letter topic), then is erased; neither the log at INFO and above nor the service's MongoDB documents of that
 * lead (read directly) contain any marker.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class PersonalDataTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void a_lead_with_personal_data_leaves_none_in_the_info_log_nor_in_the_store_after_its_erasure() {
        String leadId = "pii-" + UUID.randomUUID().toString().substring(0, 8);
        // a merged duplicate in 2025: it does not count in any figure, so the golden figures other tests check stay
        Instant now = Instant.parse("2025-03-03T09:00:00Z");
        PersonalData.LogCapture log = PersonalData.LogCapture.start();
        try (log;
             MongoClient client = MongoClients.create(infra.mongoConnectionString());
             TopicWriter writer = new TopicWriter(infra.kafkaBootstrapServers())) {
            MongoDatabase db = client.getDatabase(database);
            writer.send(Topics.LEAD_EVENTS, new LeadCaptured(UUID.randomUUID(), leadId, now, FunnelEvent.SCHEMA_VERSION,
                    LeadEvent.PRODUCER, 1, PersonalData.markedProfile(), Map.of("hubspot", leadId), "hubspot"));
            writer.send(Topics.LEAD_SCORES, new LeadScored(UUID.randomUUID(), leadId, now, FunnelEvent.SCHEMA_VERSION,
                    "scoring-service", 80, 80, 80, "A", null, null, null, null, 1, List.of(), "event"));
            // unreadable: the consumer must not quote it in the log
            writer.send(Topics.LEAD_EVENTS, leadId, "{\"type\":\"LeadCaptured\",\"leadId\":\"" + leadId
                    + "\",\"profile\":{\"email\":\"" + PersonalData.EMAIL + "\",\"firstName\":\""
                    + PersonalData.FIRST + "\"");
            // handoff-service's MQL criteria quote the domain and title they judged
            writer.send(Topics.LEAD_LIFECYCLE, new LeadStageChanged(UUID.randomUUID(), leadId, now.plusMillis(10),
                    FunnelEvent.SCHEMA_VERSION, "handoff-service", Stage.LEAD, Stage.MQL, 1, List.of(
                    new CriterionResult("mql.excludeFreeMail", true, PersonalData.DOMAIN, "not a free-mail domain"),
                    new CriterionResult("mql.excludeStudentsAndJobSeekers", true, PersonalData.TITLE, "no student")),
                    Actor.system("mql-evaluator"), null, null, null, null));
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300))
                    .until(() -> storedDocuments(db, leadId).replace(" ", "").contains("\"stage\":\"MQL\""));
            writer.send(Topics.LEAD_EVENTS, new LeadErased(UUID.randomUUID(), leadId, now.plusSeconds(1),
                    FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER, 2, LeadErased.Reason.MERGED, "somebody-else"));
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300))
                    .until(() -> storedDocuments(db, leadId).contains("somebody-else"));
            String stored = storedDocuments(db, leadId);
            assertThat(stored).as("the lead's documents").contains(leadId);
            PersonalData.assertNoMarker("stored after erasure", stored, PersonalData.MARKERS);
        }
        log.assertNoMarker(PersonalData.LOGGED_MARKERS);
    }
}
