package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.runtime.consumer.DeadLetters;
import io.leadfunnel.testing.DeadLetterRecords;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.MongoCommandCounter;
import io.leadfunnel.testing.kits.PersonalData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.testing.DeadLetterRecords.header;
import static io.leadfunnel.handoff.Fixtures.lifecycleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three channels a poll at a time: through the real broker, several leads' records sent in one go give each lead
 * one MQL and one hand-off on lead.lifecycle, and several leads' personal values and a tombstone are each applied; a
 * poll costs one read and one write of the lifecycles, counted on the applying thread; a poison record among good
 * ones goes alone to lead.events.dlq, or to lead.profiles.dlq without its value.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class BatchConsumptionTest {

    private static final int LEADS = 5;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    FunnelConsumer consumer;

    @Inject
    RoutingService routing;

    @Inject
    LifecycleRepository lifecycles;

    @Inject
    MongoCommandCounter counter;

    /**
     * Sends the records to partition 0 of their topics in one produce request each (lingering until flushed), so one
     * consumer takes them in one poll. One lead's records stay on one partition, as with the key-based partitioner.
     */
    private void sendAtOnce(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5000",
                ProducerConfig.BATCH_SIZE_CONFIG, "1048576"), new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static ProducerRecord<String, String> record(FunnelEvent event) {
        String topic = event instanceof LeadScored ? Topics.LEAD_SCORES : Topics.LEAD_EVENTS;
        return new ProducerRecord<>(topic, 0, event.leadId(), FunnelJson.write(event));
    }

    /** A team of one rep per lead, each with room for one hand-off, that this test's industry is routed to. */
    private String routedIndustry(int reps) {
        String industry = Fixtures.uniqueId("industry");
        String team = Fixtures.uniqueId("team");
        List<SalesRep> members = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            members.add(new SalesRep(Fixtures.uniqueId("rep"), team, 1, true, 1));
        }
        Fixtures.routeFirst(routing, Fixtures.teamRule(Fixtures.uniqueId("rule"), industry, team),
                members.toArray(SalesRep[]::new));
        return industry;
    }

    @Test
    void several_leads_sent_in_one_go_are_each_an_mql_handed_off_once() {
        // given several leads, each captured (the capture delivered twice) and scored above the threshold
        String industry = routedIndustry(LEADS);
        List<String> leads = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            String lead = Fixtures.uniqueId("poll-lead");
            leads.add(lead);
            LeadCaptured capture = Fixtures.captured(lead, Fixtures.profile(industry));
            records.add(record(capture));
            records.add(record(capture));
            records.add(record(Fixtures.scored(lead, 80, "A")));
        }

        // when they arrive in one go
        sendAtOnce(records);

        // then each lead has one LeadStageChanged to MQL and one HandoffAssigned, each to its own rep
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> leads.forEach(lead ->
                assertThat(lifecycleOf(lead)).hasSize(2)));
        List<String> owners = new ArrayList<>();
        for (String lead : leads) {
            List<LifecycleEvent> events = lifecycleOf(lead);
            assertThat(events.get(0)).isInstanceOfSatisfying(LeadStageChanged.class,
                    changed -> assertThat(changed.to()).isEqualTo(Stage.MQL));
            assertThat(events.get(1)).isInstanceOf(HandoffAssigned.class);
            owners.add(((HandoffAssigned) events.get(1)).owner());
        }
        assertThat(owners).doesNotHaveDuplicates().noneMatch(o -> o.startsWith(RoutingDecision.QUEUE_PREFIX));
    }

    @Test
    void a_poll_is_one_read_and_one_write_of_the_lifecycles_and_does_not_fill_a_rep_past_its_capacity() {
        // given a team of one rep with room for one hand-off, and several leads
        String industry = routedIndustry(1);
        List<String> leads = new ArrayList<>();
        List<LeadEvent> captures = new ArrayList<>();
        List<LeadScored> scores = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            String lead = Fixtures.uniqueId("counted-lead");
            leads.add(lead);
            LeadCaptured capture = Fixtures.captured(lead, Fixtures.profile(industry));
            captures.add(capture);
            captures.add(Fixtures.updated(lead, 2, Fixtures.profile(industry)));
            captures.add(capture);
            scores.add(Fixtures.scored(lead, 80, "A"));
        }
        // another lead's low score first, so the active definition is held in memory
        consumer.onScores(Fixtures.poll(Topics.LEAD_SCORES, Fixtures.scored(Fixtures.uniqueId("lead"), 10, "D")));

        // when a poll of their lead.events records, then one of their scores, are consumed
        Map<String, Integer> captured = counter.countsOf(() ->
                consumer.onLeadEvents(Fixtures.poll(Topics.LEAD_EVENTS, captures.toArray(FunnelEvent[]::new))));
        Map<String, Integer> scored = counter.countsOf(() ->
                consumer.onScores(Fixtures.poll(Topics.LEAD_SCORES, scores.toArray(FunnelEvent[]::new))));
        System.out.printf("MongoDB commands for a poll of %d lead.events records of %d leads: %s; of their %d scores: "
                + "%s%n", captures.size(), LEADS, captured, scores.size(), scored);

        // then each poll read the lifecycles once and wrote them once, however many records
        assertThat(captured).containsEntry("find lifecycles", 1).containsEntry("update lifecycles", 1)
                .doesNotContainKeys("insert lifecycles", "findAndModify lifecycles");
        assertThat(scored).containsEntry("find lifecycles", 1).containsEntry("update lifecycles", 1)
                .doesNotContainKeys("insert lifecycles", "findAndModify lifecycles");
        // and one lead went to the rep, the others, with the rep full, to the fallback queue
        List<String> owners = leads.stream().map(lead -> lifecycles.find(lead).orElseThrow().lifecycle())
                .peek(lifecycle -> assertThat(lifecycle.stage()).isEqualTo(Stage.MQL))
                .map(lifecycle -> lifecycle.handoff().owner()).toList();
        assertThat(owners).filteredOn(o -> !o.startsWith(RoutingDecision.QUEUE_PREFIX)).hasSize(1);
    }

    @Test
    void a_stored_lifecycle_is_written_with_only_the_fields_its_poll_changed() {
        // given a lead captured, in an industry no other test uses
        String industry = routedIndustry(1);
        String lead = Fixtures.uniqueId("fields-lead");
        consumer.onLeadEvents(Fixtures.poll(Topics.LEAD_EVENTS, Fixtures.captured(lead, Fixtures.profile(industry))));

        // when its score makes it an MQL, handed off
        List<String> sent = counter.textsOf(() ->
                consumer.onScores(Fixtures.poll(Topics.LEAD_SCORES, Fixtures.scored(lead, 80, "A"))));

        // then its write sets the state's changed fields by path, and does not send its profile again
        assertThat(lifecycles.find(lead).orElseThrow().lifecycle().stage()).isEqualTo(Stage.MQL);
        List<String> writes = sent.stream().filter(command -> command.contains("\"update\": \"lifecycles\"")
                && command.contains("\"writeToken\"")).toList();
        System.out.println("the write of a stored lifecycle: " + writes);
        assertThat(writes).hasSize(1);
        BsonDocument update = BsonDocument.parse(writes.get(0)).getArray("updates").get(0).asDocument()
                .getDocument("u");
        assertThat(update.getDocument("$set").keySet()).contains("state.stage", "stage")
                .doesNotContain("state").noneMatch(field -> field.startsWith("state.profile"));
        assertThat(update.getDocument("$set").toJson()).doesNotContain(industry);
        // an update of what changed, not an upsert: a document deleted meanwhile would not be created half
        assertThat(BsonDocument.parse(writes.get(0)).getArray("updates").get(0).asDocument().get("upsert")).isNull();
    }

    @Test
    void a_poison_record_goes_alone_to_the_dead_letter_topic_and_the_rest_of_the_poll_is_applied() {
        // given a poll with a good lead's capture, a record that is no lead event, and the good lead's score
        String good = Fixtures.uniqueId("poll-good");
        String bad = Fixtures.uniqueId("poll-bad");
        ProducerRecord<String, String> poison = new ProducerRecord<>(Topics.LEAD_EVENTS, 0, bad,
                "{\"type\":\"LeadCaptured\",\"leadId\":\"" + bad + "\"}");
        LeadCaptured capture = Fixtures.captured(good, Fixtures.profile(Fixtures.uniqueId("industry")));

        // when it arrives in one poll
        sendAtOnce(List.of(record(capture), poison,
                record(Fixtures.updated(good, 2, Fixtures.profile(Fixtures.uniqueId("industry"))))));

        // then the good lead has taken both its records
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lifecycles.find(good))
                .hasValueSatisfying(l -> assertThat(l.lifecycle().state().profileSequence()).isEqualTo(2)));
        // and the poison record alone is on lead.events.dlq, with its cause and where it came from
        String dlq = Topics.deadLetter(Topics.LEAD_EVENTS);
        List<ConsumerRecord<String, String>> dead = DeadLetterRecords.awaitAny(infra, dlq, bad, good);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(bad);
            assertThat(record.value()).isEqualTo(poison.value());
            assertThat(header(record, DeadLetters.REASON)).isNotBlank();
            assertThat(header(record, DeadLetters.EXCEPTION_CLASS_NAME)).isNotBlank();
            assertThat(header(record, DeadLetters.TOPIC)).isEqualTo(Topics.LEAD_EVENTS);
            assertThat(header(record, DeadLetters.PARTITION)).isEqualTo("0");
            assertThat(header(record, DeadLetters.OFFSET)).isNotBlank();
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> infra.topicReader()
                .readAll(dlq, Duration.ofSeconds(5)).stream().noneMatch(r -> good.equals(r.key())));
    }

    private static ProducerRecord<String, String> profile(LeadPersonalData personal) {
        return new ProducerRecord<>(Topics.LEAD_PROFILES, 0, personal.leadId(), FunnelJson.writePersonalData(personal));
    }

    private static ProducerRecord<String, String> tombstone(String leadId) {
        return new ProducerRecord<>(Topics.LEAD_PROFILES, 0, leadId, null);
    }

    /** The records as one poll of lead.profiles' partition 0, as the connector hands it over. */
    private static ConsumerRecords<String, String> profilePoll(List<ProducerRecord<String, String>> sent) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (ProducerRecord<String, String> record : sent) {
            records.add(new ConsumerRecord<>(Topics.LEAD_PROFILES, 0, records.size(), record.key(), record.value()));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.LEAD_PROFILES, 0), records), Map.of());
    }

    @Test
    void several_leads_personal_values_and_a_tombstone_sent_in_one_go_are_each_applied() {
        // given a lead captured without its personal values and scored, waiting for them
        String industry = routedIndustry(1);
        String awaiting = Fixtures.uniqueId("profile-awaiting");
        LeadCaptured capture = Fixtures.captured(awaiting, Fixtures.profile(industry));
        consumer.onLeadEvents(Fixtures.poll(Topics.LEAD_EVENTS, capture.withoutPersonalValues()));
        consumer.onScores(Fixtures.poll(Topics.LEAD_SCORES, Fixtures.scored(awaiting, 80, "A")));
        // and several other leads' personal values, one of them erased right after
        List<String> leads = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>(List.of(profile(capture.personalData())));
        for (int i = 0; i < LEADS; i++) {
            String lead = Fixtures.uniqueId("profile-lead");
            leads.add(lead);
            records.add(profile(Fixtures.captured(lead, PersonalData.markedProfile()).personalData()));
        }
        String erased = leads.get(0);
        records.add(tombstone(erased));

        // when they arrive in one go
        sendAtOnce(records);

        // then each lead holds its values but the erased one, which holds none
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(lifecycles.find(erased)).hasValueSatisfying(l -> {
                assertThat(l.lifecycle().state().personalDataErased()).isTrue();
                assertThat(l.lifecycle().state().personalData()).isNull();
            });
            leads.subList(1, LEADS).forEach(lead -> assertThat(lifecycles.find(lead)).hasValueSatisfying(l ->
                    assertThat(l.lifecycle().state().personalData()).isNotNull()));
        });
        // and the lead that waited for its values is an MQL handed off to the rep
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lifecycleOf(awaiting)).hasSize(2));
        assertThat(lifecycleOf(awaiting).get(0)).isInstanceOfSatisfying(LeadStageChanged.class,
                changed -> assertThat(changed.to()).isEqualTo(Stage.MQL));
        assertThat(lifecycleOf(awaiting).get(1)).isInstanceOfSatisfying(HandoffAssigned.class,
                assigned -> assertThat(assigned.owner()).doesNotStartWith(RoutingDecision.QUEUE_PREFIX));
    }

    @Test
    void a_profile_poll_is_one_read_and_one_write_of_the_lifecycles() {
        // given several leads' personal values, each twice, an older record, and a tombstone
        List<String> leads = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            String lead = Fixtures.uniqueId("profile-counted");
            leads.add(lead);
            LeadPersonalData personal = Fixtures.updated(lead, 2, Fixtures.profile("Manufacturing")).personalData();
            records.add(profile(personal));
            records.add(profile(personal));
        }
        records.add(profile(Fixtures.captured(leads.get(1), Fixtures.profile("Manufacturing")).personalData()));
        records.add(tombstone(leads.get(0)));

        // when they are consumed as one poll
        Map<String, Integer> commands = counter.countsOf(() -> consumer.onPersonalData(profilePoll(records)));
        System.out.printf("MongoDB commands for a poll of %d lead.profiles records of %d leads: %s%n",
                records.size(), LEADS, commands);

        // then the poll read the lifecycles once and wrote them once, new ones included
        assertThat(commands).containsEntry("find lifecycles", 1).containsEntry("update lifecycles", 1)
                .doesNotContainKeys("insert lifecycles", "findAndModify lifecycles");
        assertThat(lifecycles.find(leads.get(0)).orElseThrow().lifecycle().state().personalDataErased()).isTrue();
        assertThat(lifecycles.find(leads.get(1)).orElseThrow().lifecycle().state().personalData().sequence())
                .isEqualTo(2);
    }

    @Test
    void a_poison_profile_record_goes_alone_to_the_dead_letter_topic_without_its_value() {
        // given a poll with a good lead's values, a record that is no personal data but quotes some, a tombstone
        String good = Fixtures.uniqueId("profile-good");
        String bad = Fixtures.uniqueId("profile-bad");
        ProducerRecord<String, String> poison = new ProducerRecord<>(Topics.LEAD_PROFILES, 0, bad,
                "{\"leadId\":\"" + bad + "\",\"sequence\":\"" + PersonalData.FIRST + "\",\"email\":\""
                        + PersonalData.EMAIL + "\"}");

        // when it arrives in one poll
        sendAtOnce(List.of(profile(Fixtures.captured(good, PersonalData.markedProfile()).personalData()), poison,
                tombstone(good)));

        // then the good lead has taken both its records
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lifecycles.find(good))
                .hasValueSatisfying(l -> assertThat(l.lifecycle().state().personalDataErased()).isTrue()));
        // and the poison record alone is on lead.profiles.dlq: its key, no value, no personal value in any header
        String dlq = Topics.deadLetter(Topics.LEAD_PROFILES);
        List<ConsumerRecord<String, String>> dead = DeadLetterRecords.awaitAny(infra, dlq, bad, good);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(bad);
            assertThat(record.value()).isNull();
            assertThat(header(record, DeadLetters.REASON)).isNotBlank();
            assertThat(header(record, DeadLetters.TOPIC)).isEqualTo(Topics.LEAD_PROFILES);
            assertThat(header(record, DeadLetters.PARTITION)).isEqualTo("0");
            StringBuilder headers = new StringBuilder();
            record.headers().forEach(h -> headers.append(h.key()).append('=')
                    .append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)).append('\n'));
            PersonalData.assertNoMarker("dead-letter headers", headers.toString(), PersonalData.MARKERS);
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> infra.topicReader()
                .readAll(dlq, Duration.ofSeconds(5)).stream().noneMatch(r -> good.equals(r.key())));
    }

}
