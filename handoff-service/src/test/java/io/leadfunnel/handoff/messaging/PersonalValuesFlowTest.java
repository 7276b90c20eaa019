package io.leadfunnel.handoff.messaging;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TopicReader;
import io.leadfunnel.testing.TopicWriter;
import io.leadfunnel.testing.kits.PersonalData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real broker: the personal values on lead.profiles and the profile without them on lead.events, in
 * either order; the decision published on lead.lifecycle quotes none of them, and a tombstone removes them from the
 * store. Every lead carries the markers of funnel-testing's {@link PersonalData}.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class PersonalValuesFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    LifecycleRepository lifecycles;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void given_the_personal_data_first_when_the_event_and_a_score_come_then_an_mql_quoting_none_of_it() {
        // given the lead's personal values, applied
        String leadId = Fixtures.uniqueId("lead");
        LeadCaptured capture = Fixtures.captured(leadId, PersonalData.markedProfile());
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.LEAD_PROFILES, leadId, FunnelJson.writePersonalData(capture.personalData()));
            await().atMost(WAIT).until(() -> lifecycle(leadId) != null && lifecycle(leadId).personalData() != null);

            // when the capture without them and a qualifying score come
            writer.send(Topics.LEAD_EVENTS, capture.withoutPersonalValues());
            writer.send(Topics.LEAD_SCORES, Fixtures.scored(leadId, 80, "A"));
        }

        // then an MQL judged on the complete profile, whose records quote no personal value
        assertMqlWithoutPersonalValues(leadId);
    }

    @Test
    void given_the_event_and_a_score_first_then_nothing_is_decided_until_the_personal_data_comes() {
        // given the capture without personal values and a qualifying score, both applied
        String leadId = Fixtures.uniqueId("lead");
        LeadCaptured capture = Fixtures.captured(leadId, PersonalData.markedProfile());
        var score = Fixtures.scored(leadId, 80, "A");
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.LEAD_EVENTS, capture.withoutPersonalValues());
            writer.send(Topics.LEAD_SCORES, score);
            await().atMost(WAIT).until(() -> lifecycle(leadId) != null && lifecycle(leadId).appliedEventIds()
                    .containsAll(List.of(capture.eventId().toString(), score.eventId().toString())));

            // then no decision: a LEAD, not evaluated, nothing in its audit trail
            LeadLifecycle.State waiting = lifecycle(leadId);
            assertThat(waiting.stage()).isEqualTo(Stage.LEAD);
            assertThat(waiting.lastEvaluation()).isNull();
            assertThat(waiting.history()).isEmpty();

            // when the personal values come
            writer.send(Topics.LEAD_PROFILES, leadId, FunnelJson.writePersonalData(capture.personalData()));
        }

        // then it is judged: an MQL, whose records quote no personal value
        assertMqlWithoutPersonalValues(leadId);
    }

    @Test
    void a_tombstone_reaches_the_service_and_removes_the_personal_values_from_the_store() {
        // given a lead whose personal values are stored
        String leadId = Fixtures.uniqueId("lead");
        LeadCaptured capture = Fixtures.captured(leadId, PersonalData.markedProfile());
        try (MongoClient client = MongoClients.create(infrastructure.mongoConnectionString());
             TopicWriter writer = new TopicWriter()) {
            var db = client.getDatabase(database);
            writer.send(Topics.LEAD_EVENTS, capture.withoutPersonalValues());
            writer.send(Topics.LEAD_PROFILES, leadId, FunnelJson.writePersonalData(capture.personalData()));
            await().atMost(WAIT).until(() -> PersonalData.storedDocuments(db, leadId).contains(PersonalData.EMAIL)
                    && lifecycle(leadId).appliedEventIds().contains(capture.eventId().toString()));

            // when lead-service writes the tombstone (a null value)
            writer.send(Topics.LEAD_PROFILES, leadId, null);

            // then the service saw it: the personal data is marked erased and no personal value is stored
            await().atMost(WAIT).until(() -> lifecycle(leadId).personalDataErased());
            PersonalData.assertNoMarker("stored after the tombstone", PersonalData.storedDocuments(db, leadId),
                    PersonalData.MARKERS);
            assertThat(lifecycle(leadId).history()).isEmpty();
        }
    }

    @Test
    void an_unreadable_profile_record_is_dead_lettered_without_its_value() {
        // given a record on lead.profiles that is not personal data, quoting personal values
        String leadId = Fixtures.uniqueId("lead");
        String unreadable = "{\"leadId\":\"" + leadId + "\",\"sequence\":\"" + PersonalData.FIRST + "\",\"email\":\""
                + PersonalData.EMAIL + "\"}";
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.LEAD_PROFILES, leadId, unreadable);
        }

        // then the dead-letter topic has it by key, without a value, and no header quotes a personal value
        String deadLetter = Topics.deadLetter(Topics.LEAD_PROFILES);
        await().atMost(WAIT).untilAsserted(() -> assertThat(new TopicReader().readAll(deadLetter, WAIT))
                .anySatisfy(r -> assertThat(r.key()).isEqualTo(leadId)));
        ConsumerRecord<String, String> record = new TopicReader().readAll(deadLetter, WAIT).stream()
                .filter(r -> leadId.equals(r.key())).findFirst().orElseThrow();
        assertThat(record.value()).isNull();
        assertThat(record.headers().lastHeader("dead-letter-reason")).isNotNull();
        StringBuilder headers = new StringBuilder();
        for (Header header : record.headers()) {
            headers.append(header.key()).append('=')
                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8))
                    .append('\n');
        }
        PersonalData.assertNoMarker("dead-letter headers", headers.toString(), PersonalData.MARKERS);
    }

    private LeadLifecycle.State lifecycle(String leadId) {
        return lifecycles.find(leadId).map(loaded -> loaded.lifecycle().state()).orElse(null);
    }

    /** Reads the lead's records back from lead.lifecycle: an MQL, then its hand-off, with no personal value. */
    private static void assertMqlWithoutPersonalValues(String leadId) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(Fixtures.lifecycleOf(leadId)).hasSize(2));
        LeadStageChanged mql = (LeadStageChanged) Fixtures.lifecycleOf(leadId).get(0);
        assertThat(mql.to()).isEqualTo(Stage.MQL);
        assertThat(mql.criteria()).isNotEmpty().allMatch(CriterionResult::passed);
        assertThat(mql.criteria()).extracting(CriterionResult::criterion).contains("mql.requiredFields",
                "mql.excludeFreeMail", "mql.excludeStudentsAndJobSeekers");
        String published = String.join("\n", new TopicReader().readAll(Topics.LEAD_LIFECYCLE, WAIT).stream()
                .filter(r -> leadId.equals(r.key())).map(ConsumerRecord::value).toList());
        assertThat(published).contains("\"to\":\"MQL\"");
        PersonalData.assertNoMarker("published on " + Topics.LEAD_LIFECYCLE, published, PersonalData.MARKERS);
    }
}
