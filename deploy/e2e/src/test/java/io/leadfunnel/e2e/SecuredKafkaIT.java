package io.leadfunnel.e2e;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.localstack.EmbeddedKafka;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import io.leadfunnel.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole funnel against a Kafka broker that lets no one in without a login: the local stack's Kafka port is a
 * {@code SASL_PLAINTEXT} listener with {@code SCRAM-SHA-512} and one user, and each service gets that login only
 * through its documented Kafka settings ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}). Every kind of client a service has must log in for the funnel to work: the
 * channels' consumers, the outbox relays, the dead-letter producers, the broker health probes and metrics-service's
 * rebuild consumer. Topics are read back by a consumer with the same login; clients without it are refused.
 */
class SecuredKafkaIT {

    private static final String KAFKA_USER = "lead-funnel";
    /** Made up per run: nothing but the settings handed to the processes can know it. */
    private static final String KAFKA_PASSWORD = "e2e-" + UUID.randomUUID();

    private static final String SALES_OPS = TestTokens.forRole("e2e-ops", "sales-ops");
    private static final String READER = TestTokens.forRole("e2e-dashboard", "metrics-reader");
    private static final String ADMIN = TestTokens.forRole("e2e-admin", "admin");

    /** Consumer groups of lead.events (scoring-, handoff- and metrics-service): each dead-letters a poison record. */
    private static final int LEAD_EVENTS_GROUPS = 3;

    private static FunnelProcesses funnel;

    @BeforeAll
    static void startTheFunnelOnABrokerThatRequiresALogin() {
        funnel = FunnelProcesses.startWithKafkaLogin(Map.of(), KAFKA_USER, KAFKA_PASSWORD);
    }

    @AfterAll
    static void stopTheFunnel() {
        if (funnel != null) {
            funnel.close();
        }
    }

    @Test
    void a_lead_is_captured_scored_made_mql_handed_off_and_counted_with_every_client_logged_in() {
        // given a well-fitting lead with strong engagement, in a campaign of its own
        String marker = "sasl-" + UUID.randomUUID().toString().substring(0, 8);
        String campaign = "e2e-" + marker;

        // when it arrives through lead-service's webhook
        String leadId = Senders.genericUntilAccepted(funnel, qualifyingLead(marker, campaign), Duration.ofSeconds(60))
                .jsonPath().getString("leads[0]");

        // then lead-service's relay published it, scoring-service scored it above the threshold,
        // and handoff-service made it an MQL and handed it off
        awaitEvent(Topics.LEAD_EVENTS, leadId, e -> e instanceof LeadCaptured);
        LeadScored scored = (LeadScored) awaitEvent(Topics.LEAD_SCORES, leadId,
                e -> e instanceof LeadScored s && s.total() >= 60);
        LeadStageChanged mql = (LeadStageChanged) awaitEvent(Topics.LEAD_LIFECYCLE, leadId,
                e -> e instanceof LeadStageChanged c && c.to() == Stage.MQL);
        assertThat(mql.criteria()).isNotEmpty().allSatisfy(c -> assertThat(c.passed()).isTrue());
        HandoffAssigned handoff = (HandoffAssigned) awaitEvent(Topics.LEAD_LIFECYCLE, leadId,
                e -> e instanceof HandoffAssigned);
        assertThat(handoff.owner()).isNotBlank();

        // and lead-service consumed the score and the stage
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath lead = api(LEAD, SALES_OPS).get("/leads/" + leadId).then().statusCode(200).extract().jsonPath();
            assertThat(lead.getString("stage")).isEqualTo("MQL");
            assertThat(lead.getString("owner")).isEqualTo(handoff.owner());
            assertThat(lead.getInt("score.total")).isGreaterThanOrEqualTo(scored.total());
        });

        // and metrics-service counts it once as LEAD and once as MQL
        awaitCampaignFigures(campaign, 1, 1);

        // and a rebuild, which reads every topic from the beginning with a consumer of its own, counts the same
        api(METRICS, ADMIN).post("/admin/rebuild").then().statusCode(202);
        JsonPath rebuild = awaitRebuildFinished();
        assertThat(rebuild.getString("state")).as("rebuild: " + rebuild.prettify()).isEqualTo("done");
        assertThat(rebuild.getLong("records")).as("records the rebuild read from the topics").isPositive();
        awaitCampaignFigures(campaign, 1, 1);
    }

    @Test
    void every_service_reports_its_broker_health_group_up() {
        for (Service service : Service.values()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonPath health = RestAssured.given().baseUri(funnel.managementUrl(service))
                        .get("/q/health/group/broker").then().statusCode(200).extract().jsonPath();
                assertThat(health.getString("status")).as(service.module() + " broker group").isEqualTo("UP");
                assertThat(health.getList("checks.status", String.class)).as(service.module() + " broker checks")
                        .isNotEmpty().containsOnly("UP");
            });
        }
    }

    @Test
    void a_poison_record_on_lead_events_is_dead_lettered_by_every_consumer_group() throws Exception {
        // given a record that is no event at all, written with the login
        String key = "poison-" + UUID.randomUUID();
        String poison = "poison " + UUID.randomUUID() + " {not json";
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(withLogin(Map.of(
                ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
            written = producer.send(new ProducerRecord<>(Topics.LEAD_EVENTS, key, poison)).get(30, TimeUnit.SECONDS);
        }

        // then each consumer group sends it to the dead-letter topic with its origin and cause
        List<ConsumerRecord<String, String>> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            letters.clear();
            readAll(Topics.deadLetter(Topics.LEAD_EVENTS)).stream().filter(r -> poison.equals(r.value()))
                    .forEach(letters::add);
            assertThat(letters).as("copies of the poison record on " + Topics.deadLetter(Topics.LEAD_EVENTS))
                    .hasSizeGreaterThanOrEqualTo(LEAD_EVENTS_GROUPS);
        });
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.key()).isEqualTo(key);
            assertThat(header(letter, "dead-letter-topic")).isEqualTo(Topics.LEAD_EVENTS);
            assertThat(header(letter, "dead-letter-partition")).isEqualTo(String.valueOf(written.partition()));
            assertThat(header(letter, "dead-letter-offset")).isEqualTo(String.valueOf(written.offset()));
            assertThat(header(letter, "dead-letter-reason")).isNotBlank();
        });
    }

    @Test
    void a_client_without_the_login_is_refused() {
        // a client with the login sees the topics
        try (KafkaConsumer<String, String> consumer = consumer(withLogin(Map.of()))) {
            assertThat(consumer.partitionsFor(Topics.LEAD_EVENTS, Duration.ofSeconds(30))).isNotEmpty();
        }

        // one without any SASL settings gets no answer: the broker closes its connections at the first request
        Map<String, Object> plain = new HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, funnel.kafkaBootstrapServers()));
        assertThatThrownBy(() -> listTopics(plain))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
        try (KafkaConsumer<String, String> consumer = consumer(plain)) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.LEAD_EVENTS, Duration.ofSeconds(8)))
                    .isInstanceOf(TimeoutException.class);
        }
        Map<String, Object> plainProducer = new HashMap<>(plain);
        plainProducer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 8000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(plainProducer, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.LEAD_EVENTS, "intruder", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
        }

        // and one with a wrong password fails to authenticate
        Map<String, Object> wrong = new HashMap<>(plain);
        wrong.putAll(EmbeddedKafka.scramClientSettings(KAFKA_USER, KAFKA_PASSWORD + "-wrong"));
        assertThatThrownBy(() -> listTopics(wrong))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        try (KafkaConsumer<String, String> consumer = consumer(wrong)) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.LEAD_EVENTS, Duration.ofSeconds(30)))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String qualifyingLead(String marker, String campaign) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        return """
                {"externalId":"%s","email":"%s@acme-robotics.example","firstName":"Maria","lastName":"Keller",
                 "company":"Acme Robotics","title":"VP Operations","country":"DE","industry":"Manufacturing",
                 "companySize":450,"source":"webinar","campaign":"%s",
                 "activities":[
                   {"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s"},
                   {"activityId":"pricing-1","type":"PRICING_PAGE_VIEW","occurredAt":"%s"},
                   {"activityId":"pricing-2","type":"PRICING_PAGE_VIEW","occurredAt":"%s"},
                   {"activityId":"meeting","type":"MEETING","occurredAt":"%s"}]}"""
                .formatted(marker, marker, campaign, now, now, now, now);
    }

    private static RequestSpecification api(Service service, String token) {
        return RestAssured.given().baseUri(funnel.baseUrl(service)).auth().oauth2(token);
    }

    private static void awaitCampaignFigures(String campaign, int leads, int mql) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Object>> stages = api(METRICS, READER).queryParam("groupBy", "campaign")
                    .get("/funnel").then().statusCode(200).extract().jsonPath()
                    .getList("groups.find { it.value == '" + campaign + "' }.stages");
            assertThat(stages).as("metrics-service's stages of " + campaign).isNotNull();
            Map<Object, Object> reached = stages.stream()
                    .collect(Collectors.toMap(s -> s.get("stage"), s -> s.get("reached")));
            assertThat(reached).containsEntry("LEAD", leads).containsEntry("MQL", mql);
        });
    }

    private static JsonPath awaitRebuildFinished() {
        JsonPath[] status = new JsonPath[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            status[0] = api(METRICS, ADMIN).get("/admin/rebuild").then().statusCode(200).extract().jsonPath();
            assertThat(status[0].getString("state")).isNotEqualTo("running");
        });
        return status[0];
    }

    private static FunnelEvent awaitEvent(String topic, String leadId, Predicate<FunnelEvent> wanted) {
        FunnelEvent[] found = new FunnelEvent[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            found[0] = events(topic).stream().filter(e -> leadId.equals(e.leadId())).filter(wanted).findFirst()
                    .orElse(null);
            assertThat(found[0]).as("event on " + topic + " for lead " + leadId).isNotNull();
        });
        return found[0];
    }

    /** The funnel events of a topic, read with the login; records that are no event (poison) are skipped. */
    private static List<FunnelEvent> events(String topic) {
        List<FunnelEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(topic)) {
            try {
                events.add(FunnelJson.read(record.value()));
            } catch (RuntimeException e) {
                // a poison record of another test
            }
        }
        return events;
    }

    /** Everything on the topic now, read from the beginning with the login by a consumer that commits nothing. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> settings = withLogin(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "secured-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<String, String> consumer = consumer(settings)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("did not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The funnel's Kafka settings with the login, and {@code own} on top. */
    private static Map<String, Object> withLogin(Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(funnel.kafkaClientSettings());
        assertThat(settings).containsEntry("security.protocol", "SASL_PLAINTEXT");
        settings.putAll(own);
        return settings;
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> settings) {
        Map<String, Object> props = new HashMap<>(settings);
        props.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, "secured-probe-" + UUID.randomUUID());
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static void listTopics(Map<String, Object> settings) throws Exception {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        try (Admin admin = Admin.create(props)) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
