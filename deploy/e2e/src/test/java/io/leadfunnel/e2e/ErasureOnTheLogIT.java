package io.leadfunnel.e2e;

import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure reaches the Kafka log: leads go through the whole funnel (captured, profile changed, scored, made MQL, handed
 * off), one is erased, the log cleaner runs, and then no topic holds a single personal value of the erased lead, read
 * from the beginning with a plain consumer, keys, values and headers. The other lead's values are still found, so the
 * search itself works. The metrics rebuilt from the topics afterwards are the figures of before.
 *
 * <p>Every personal value of a lead in this test (e-mail, names, company, company domain, title, the CRM's id, an
 * activity's page address) contains a token of its own that no other value contains, so "no record contains the
 * token" is "no record contains any of its personal values".
 */
@ExtendWith(FunnelExtension.class)
class ErasureOnTheLogIT {

    private static final String SALES_OPS = TestTokens.forRole("e2e-ops", "sales-ops");
    private static final String READER = TestTokens.forRole("e2e-dashboard", "metrics-reader");
    private static final String ADMIN = TestTokens.forRole("e2e-admin", "admin");
    /** The test's cleaning settings: segments roll at once, any superseded record is cleanable. */
    private static final Map<String, String> FORCED_CLEANING = Map.of(
            "segment.ms", "100", "min.cleanable.dirty.ratio", "0", "max.compaction.lag.ms", "1000");

    @Test
    void no_personal_value_of_an_erased_lead_is_left_on_any_topic_once_the_log_cleaner_ran(FunnelProcesses funnel)
            throws Exception {
        String campaign = "e2e-erasure-" + UUID.randomUUID().toString().substring(0, 8);
        String erasedToken = token();
        String keptToken = token();
        setProfileTopic(funnel, FORCED_CLEANING);
        try {
            // given two leads through the whole funnel, one of them with a changed profile
            String erased = capture(funnel, campaign, erasedToken);
            String kept = capture(funnel, campaign, keptToken);
            api(funnel, LEAD, SALES_OPS).contentType("application/merge-patch+json")
                    .body("{\"title\": \"COO " + erasedToken + "\"}")
                    .patch("/leads/" + erased).then().statusCode(200);
            TopicReader topics = new TopicReader(funnel.kafkaBootstrapServers());
            for (String leadId : List.of(erased, kept)) {
                awaitEvent(topics, Topics.LEAD_LIFECYCLE, leadId,
                        e -> e instanceof LeadStageChanged c && c.to() == Stage.MQL);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(recordsContaining(funnel, erasedToken)).as("records holding the erased lead's values")
                            .isNotEmpty()
                            .allSatisfy(found -> assertThat(found).startsWith(Topics.LEAD_PROFILES + "/")));
            Map<String, Object> before = figures(funnel, campaign);

            // when one is erased and the log cleaner has run
            api(funnel, LEAD, SALES_OPS).delete("/leads/" + erased).then().statusCode(204);
            awaitEvent(topics, Topics.LEAD_EVENTS, erased, e -> e instanceof LeadErased);
            awaitTombstone(funnel, erased);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                rollProfileSegments(funnel);
                assertThat(recordsContaining(funnel, erasedToken)).as("records holding the erased lead's values")
                        .isEmpty();
            });

            // then the kept lead's values are still there, where they belong
            assertThat(recordsContaining(funnel, keptToken)).isNotEmpty()
                    .allSatisfy(found -> assertThat(found).startsWith(Topics.LEAD_PROFILES + "/"));

            // and the metrics rebuilt from the topics are the figures of before the erasure
            api(funnel, METRICS, ADMIN).post("/admin/rebuild").then().statusCode(202);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "done".equals(api(funnel, METRICS, ADMIN).get("/admin/rebuild").then().statusCode(200)
                            .extract().jsonPath().getString("state")));
            assertThat(figures(funnel, campaign)).isEqualTo(before);
        } finally {
            setProfileTopic(funnel, Topics.LEAD_PROFILES_CONFIG);
            deleteSettings(funnel, FORCED_CLEANING.keySet().stream()
                    .filter(k -> !Topics.LEAD_PROFILES_CONFIG.containsKey(k)).toList());
        }
    }

    /** A well-fitting, engaged lead whose every personal value holds {@code token}; returns its id. */
    private static String capture(FunnelProcesses funnel, String campaign, String token) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        String email = "ada." + token + "@" + token + "-robotics.example";
        String body = """
                {"externalId":"crm-%s","email":"%s","firstName":"Ada%s","lastName":"Byron%s",
                 "company":"Robotics %s","companyDomain":"%s-robotics.example","title":"VP Operations %s",
                 "country":"DE","industry":"Manufacturing","companySize":450,"source":"webinar","campaign":"%s",
                 "activities":[
                   {"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s",
                    "detail":{"page":"https://shop.example/demo?email=%s"}},
                   {"activityId":"pricing-1","type":"PRICING_PAGE_VIEW","occurredAt":"%s"},
                   {"activityId":"pricing-2","type":"PRICING_PAGE_VIEW","occurredAt":"%s"},
                   {"activityId":"meeting","type":"MEETING","occurredAt":"%s"}]}"""
                .formatted(token, email, token, token, token, token, token, campaign, now, email, now, now, now);
        return Senders.generic(funnel, body).then().statusCode(200).extract().jsonPath().getString("leads[0]");
    }

    /**
     * Every record on every topic of the broker (internal ones aside) whose key, value or a header holds
     * {@code token}, as {@code topic/partition@offset}; read from the beginning with a plain consumer.
     */
    private static List<String> recordsContaining(FunnelProcesses funnel, String token) throws Exception {
        byte[] needle = token.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        Set<String> topics;
        try (Admin admin = Admin.create(funnel.kafkaClientSettings())) {
            topics = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
        Map<String, Object> settings = new HashMap<>(funnel.kafkaClientSettings());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("all topics read within 60 s").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    boolean holds = contains(record.key(), needle) || contains(record.value(), needle);
                    for (Header header : record.headers()) {
                        holds |= contains(header.value(), needle);
                    }
                    if (holds) {
                        found.add(record.topic() + "/" + record.partition() + "@" + record.offset());
                    }
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void awaitTombstone(FunnelProcesses funnel, String leadId) {
        TopicReader reader = new TopicReader(funnel.kafkaBootstrapServers());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(reader.readAll(Topics.LEAD_PROFILES, Duration.ofSeconds(20)))
                        .filteredOn(r -> leadId.equals(r.key()))
                        .last().satisfies(r -> assertThat(r.value()).as("the lead's newest record").isNull()));
    }

    /**
     * Appends a tombstone for a key no lead has to every partition of {@code lead.profiles}: the cleaner never
     * touches the active segment, and a segment rolls only when a record arrives after {@code segment.ms}.
     */
    private static void rollProfileSegments(FunnelProcesses funnel) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(funnel.kafkaClientSettings(),
                new StringSerializer(), new StringSerializer())) {
            int partitions = producer.partitionsFor(Topics.LEAD_PROFILES).size();
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(Topics.LEAD_PROFILES, p, "no-such-lead-" + token(), null))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void setProfileTopic(FunnelProcesses funnel, Map<String, String> settings) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LEAD_PROFILES);
        List<AlterConfigOp> ops = settings.entrySet().stream()
                .map(s -> new AlterConfigOp(new ConfigEntry(s.getKey(), s.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try (Admin admin = Admin.create(funnel.kafkaClientSettings())) {
            admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void deleteSettings(FunnelProcesses funnel, List<String> names) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LEAD_PROFILES);
        List<AlterConfigOp> ops = names.stream()
                .map(n -> new AlterConfigOp(new ConfigEntry(n, null), AlterConfigOp.OpType.DELETE)).toList();
        try (Admin admin = Admin.create(funnel.kafkaClientSettings())) {
            admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The campaign's figures on {@code /funnel}: stages, rates, cohorts and flows of its group. */
    private static Map<String, Object> figures(FunnelProcesses funnel, String campaign) {
        Map<String, Object> group = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Object> found = api(funnel, METRICS, READER).queryParam("groupBy", "campaign")
                    .get("/funnel").then().statusCode(200).extract().jsonPath()
                    .getMap("groups.find { it.value == '" + campaign + "' }");
            assertThat(found).as("the campaign's group").isNotNull();
            assertThat((List<?>) found.get("stages")).as("the campaign's stages").anySatisfy(stage -> {
                assertThat(((Map<?, ?>) stage).get("stage")).isEqualTo("MQL");
                assertThat(((Map<?, ?>) stage).get("reached")).isEqualTo(2);
            });
            group.clear();
            group.putAll(found);
        });
        return group;
    }

    private static void awaitEvent(TopicReader topics, String topic, String leadId,
                                   java.util.function.Predicate<io.leadfunnel.events.FunnelEvent> wanted) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Events.readAll(topics, topic).stream()
                        .filter(e -> leadId.equals(e.leadId())).filter(wanted).findFirst())
                        .as("event on " + topic + " for lead " + leadId).isPresent());
    }

    private static String token() {
        return "pv" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static RequestSpecification api(FunnelProcesses funnel, FunnelProcesses.Service service, String token) {
        return RestAssured.given().baseUri(funnel.baseUrl(service)).auth().oauth2(token);
    }
}
