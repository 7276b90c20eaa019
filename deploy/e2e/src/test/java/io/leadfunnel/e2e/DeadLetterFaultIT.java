package io.leadfunnel.e2e;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.leadfunnel.testing.TopicWriter;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison record (not JSON at all) on each funnel topic goes to {@code <topic>.dlq} with its cause and origin in the
 * {@code dead-letter-*} headers, and the partition carries on: the lead's later events on the same partition are
 * processed. {@code deploy/local/redrive} then copies dead letters back: one whose cause was fixed is processed, one
 * that is still bad goes back to the dead-letter topic, and a second run does not re-drive the first one again.
 */
@ExtendWith(FunnelExtension.class)
class DeadLetterFaultIT {

    private static final String OPS = TestTokens.forRole("e2e-faults", "sales-ops");
    /** Consumer groups of each topic: a poison record is dead-lettered by each of them. */
    private static final Map<String, Integer> CONSUMERS = Map.of(
            Topics.LEAD_EVENTS, 3, Topics.LEAD_SCORES, 3, Topics.LEAD_LIFECYCLE, 2);

    @Test
    void a_poison_record_on_each_topic_is_dead_lettered_and_the_partition_carries_on(FunnelProcesses funnel) {
        String campaign = "fault-poison-" + UUID.randomUUID().toString().substring(0, 8);
        TopicReader topics = new TopicReader(funnel.kafkaBootstrapServers());
        String leadId = Senders.genericUntilAccepted(funnel, plainLead(campaign, "a"), Duration.ofSeconds(60))
                .jsonPath().getString("leads[0]");
        event(topics, Topics.LEAD_SCORES, leadId, e -> e instanceof LeadScored);

        // poison records keyed by the lead: same partition as its later events
        Map<String, RecordMetadata> poisoned = new LinkedHashMap<>();
        Map<String, String> poison = new LinkedHashMap<>();
        try (TopicWriter writer = new TopicWriter(funnel.kafkaBootstrapServers())) {
            for (String topic : List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE)) {
                String value = "poison " + UUID.randomUUID() + " {not json";
                poison.put(topic, value);
                poisoned.put(topic, writer.send(topic, leadId, value));
            }
        }

        // the lead's next delivery qualifies it: events after the poison on all three partitions
        String updated = Senders.genericUntilAccepted(funnel, qualifyingLead(campaign, "a"), Duration.ofSeconds(60))
                .jsonPath().getString("leads[0]");
        event(topics, Topics.LEAD_LIFECYCLE, leadId, e -> e instanceof HandoffAssigned);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(RestAssured.given().baseUri(funnel.baseUrl(LEAD)).auth().oauth2(OPS)
                        .get("/leads/" + leadId).then().statusCode(200).extract().path("stage").toString())
                        .as("lead-service consumed the lifecycle partition past the poison").isEqualTo("MQL"));
        // one lead sent (twice, the second time qualifying): stored, captured and counted once, made MQL, handed off
        LeadReconciliation figures = LeadReconciliation.of(funnel, campaign, Set.of(leadId),
                leadId.equals(updated) ? 0 : 1, Set.of(leadId));

        Map<String, Object> details = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, RecordMetadata> entry : poisoned.entrySet()) {
            String topic = entry.getKey();
            RecordMetadata at = entry.getValue();
            List<ConsumerRecord<String, String>> letters = awaitDeadLetters(topics, topic,
                    r -> poison.get(topic).equals(r.value()), CONSUMERS.get(topic));
            details.put(topic + " poison at", at.partition() + "/" + at.offset());
            details.put(Topics.deadLetter(topic) + " copies (one per consumer group)", letters.size());
            if (letters.isEmpty()) {
                failures.add("the poison record on " + topic + " did not reach " + Topics.deadLetter(topic));
            }
            for (ConsumerRecord<String, String> letter : letters) {
                details.put(Topics.deadLetter(topic) + " headers", headerNames(letter));
                details.put(Topics.deadLetter(topic) + " reason", header(letter, "dead-letter-reason"));
                if (!topic.equals(header(letter, "dead-letter-topic"))
                        || !String.valueOf(at.partition()).equals(header(letter, "dead-letter-partition"))
                        || !String.valueOf(at.offset()).equals(header(letter, "dead-letter-offset"))
                        || header(letter, "dead-letter-reason") == null
                        || !leadId.equals(letter.key())) {
                    failures.add(Topics.deadLetter(topic) + " record without its origin or cause: "
                            + headerNames(letter));
                }
            }
        }
        details.put("later records on the same partitions", "processed: the lead became MQL in handoff-service, "
                + "lead-service and metrics-service (LEAD/MQL " + figures.metricsLeads() + "/"
                + figures.metricsMql() + ")");
        failures.addAll(figures.discrepancies());
        record(FaultReport.POISON, "DeadLetterFaultIT.a_poison_record_on_each_topic_is_dead_lettered_and_the_"
                + "partition_carries_on", 2, details, figures, failures.isEmpty());

        assertThat(failures).isEmpty();
        assertThat(figures.lost()).as("lost leads").isZero();
        assertThat(figures.doubleCounted()).as("double-counted leads").isZero();
    }

    @Test
    void dead_letters_are_re_driven_once_after_a_fix(FunnelProcesses funnel) throws Exception {
        String campaign = "fault-redrive-" + UUID.randomUUID().toString().substring(0, 8);
        TopicReader topics = new TopicReader(funnel.kafkaBootstrapServers());
        String leadId = Senders.genericUntilAccepted(funnel, plainLead(campaign, "b"), Duration.ofSeconds(60))
                .jsonPath().getString("leads[0]");
        LeadScored scored = (LeadScored) event(topics, Topics.LEAD_SCORES, leadId, e -> e instanceof LeadScored);

        // a still-bad record: dead-lettered by each consumer group of lead.scores
        String stillBad = "poison " + UUID.randomUUID() + " {still not json";
        try (TopicWriter writer = new TopicWriter(funnel.kafkaBootstrapServers())) {
            writer.send(Topics.LEAD_SCORES, leadId, stillBad);
        }
        int copies = awaitDeadLetters(topics, Topics.LEAD_SCORES, r -> stillBad.equals(r.value()),
                CONSUMERS.get(Topics.LEAD_SCORES)).size();

        // a dead letter whose cause has since been fixed: a valid score event a consumer failed on before the fix
        // (written the way SmallRye's dead-letter strategy writes it, with the origin in its headers)
        LeadScored fixed = new LeadScored(UUID.randomUUID(), leadId, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                scored.schemaVersion(), scored.producer(), scored.fit(), scored.engagement(), 91, scored.grade(),
                scored.fit(), scored.engagement(), scored.total(), scored.grade(), scored.modelVersion(),
                scored.reasons(), "event");
        String fixedReason = "simulated failure before a fix " + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(funnel)) {
            ProducerRecord<String, String> letter = new ProducerRecord<>(Topics.deadLetter(Topics.LEAD_SCORES),
                    leadId, FunnelJson.write(fixed));
            letter.headers().add("dead-letter-topic", bytes(Topics.LEAD_SCORES))
                    .add("dead-letter-partition", bytes("0"))
                    .add("dead-letter-offset", bytes("fixed-" + fixed.eventId()))
                    .add("dead-letter-reason", bytes(fixedReason));
            producer.send(letter).get(30, TimeUnit.SECONDS);
        }

        // when the documented command re-drives the dead letters
        String first = redrive(funnel, Topics.deadLetter(Topics.LEAD_SCORES));

        // then the fixed one is processed, the still-bad one is re-driven once and dead-lettered again, not lost
        assertThat(first).contains(fixedReason);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(RestAssured.given().baseUri(funnel.baseUrl(LEAD)).auth().oauth2(OPS)
                        .get("/leads/" + leadId).then().statusCode(200).extract().jsonPath().getInt("score.total"))
                        .as("lead-service processed the re-driven score").isEqualTo(91));
        List<ConsumerRecord<String, String>> back = awaitDeadLetters(topics, Topics.LEAD_SCORES,
                r -> stillBad.equals(r.value()), copies + CONSUMERS.get(Topics.LEAD_SCORES)).stream()
                .skip(copies).toList();
        long stillBadRedriven = first.lines().filter(l -> l.contains(" -> lead.scores key=" + leadId)).count() - 1;

        // and a second run does not re-drive what the first did (only the still-bad copies that came back since)
        String second = redrive(funnel, Topics.deadLetter(Topics.LEAD_SCORES));

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", "deploy/local/redrive lead.scores.dlq --bootstrap <broker>");
        details.put("still-bad record: dead-letter copies before the re-drive", copies);
        details.put("still-bad record: re-driven (once, whatever the number of copies)", stillBadRedriven);
        details.put("still-bad record: back on lead.scores.dlq after the re-drive", back.size() + " copies, "
                + (back.stream().allMatch(r -> r.headers().lastHeader("redriven-from") != null)
                ? "each with its redriven-from header" : "headers " + (back.isEmpty() ? "" : headerNames(back.get(0)))));
        details.put("fixed record: processed after the re-drive", "lead-service shows its score 91");
        details.put("first run", last(first));
        details.put("second run", last(second));
        // one lead sent; whether the re-driven score of 91 makes it an MQL is the definition's business
        LeadReconciliation figures = LeadReconciliation.of(funnel, campaign, Set.of(leadId), 0, null);
        boolean passed = stillBadRedriven == 1 && !back.isEmpty() && !second.contains(fixedReason)
                && figures.matched();
        record(FaultReport.REDRIVE, "DeadLetterFaultIT.dead_letters_are_re_driven_once_after_a_fix", 1, details,
                figures, passed);

        assertThat(figures.discrepancies()).as("the lead through the funnel, once").isEmpty();
        assertThat(stillBadRedriven).as("the still-bad record re-driven once").isEqualTo(1);
        assertThat(back).as("the still-bad record is dead-lettered again, not lost").isNotEmpty();
        assertThat(second).as("a second run re-drives nothing already re-driven").doesNotContain(fixedReason);
    }

    private static void record(String fault, String test, int deliveries, Map<String, Object> details,
            LeadReconciliation figures, boolean passed) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("fault", fault);
        record.put("test", test);
        record.put("deliveriesAccepted", deliveries);
        record.putAll(figures.figures());
        record.putAll(details);
        if (!figures.matched()) {
            record.put("discrepancies", figures.discrepancies());
        }
        record.put("passed", passed);
        FaultReport.record(record);
    }

    /** Runs {@code deploy/local/redrive} as an operator would and returns its output. */
    private static String redrive(FunnelProcesses funnel, String dlq) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("funnel.root", "../..")).toAbsolutePath().normalize();
        Process process = new ProcessBuilder(root.resolve("deploy/local/redrive").toString(), dlq, "--bootstrap",
                funnel.kafkaBootstrapServers()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String last(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static List<ConsumerRecord<String, String>> awaitDeadLetters(TopicReader topics, String topic,
            Predicate<ConsumerRecord<String, String>> wanted, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ConsumerRecord<String, String>> letters;
        do {
            letters = topics.readAll(Topics.deadLetter(topic), Duration.ofSeconds(30)).stream().filter(wanted)
                    .toList();
            if (letters.size() >= expected) {
                return letters;
            }
            FaultCheck.sleep(1_000);
        } while (System.nanoTime() < deadline);
        return letters;
    }

    private static FunnelEvent event(TopicReader topics, String topic, String leadId, Predicate<FunnelEvent> wanted) {
        FunnelEvent[] found = new FunnelEvent[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            found[0] = Events.readAll(topics, topic).stream()
                    .filter(e -> leadId.equals(e.leadId())).filter(wanted).reduce((a, b) -> b).orElse(null);
            assertThat(found[0]).as(topic + " event for " + leadId).isNotNull();
        });
        return found[0];
    }

    private static String plainLead(String campaign, String name) {
        String marker = campaign + "-" + name;
        return """
                {"externalId":"%s","email":"%s@acme-robotics.example","firstName":"Poe","company":"Acme Robotics",
                 "source":"webinar","campaign":"%s"}""".formatted(marker, marker, campaign);
    }

    private static String qualifyingLead(String campaign, String name) {
        String marker = campaign + "-" + name;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        return """
                {"externalId":"%s","email":"%s@acme-robotics.example","firstName":"Poe","company":"Acme Robotics",
                 "title":"VP Operations","country":"DE","industry":"Manufacturing","companySize":450,
                 "source":"webinar","campaign":"%s","activities":[
                   {"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s"},
                   {"activityId":"meeting","type":"MEETING","occurredAt":"%s"},
                   {"activityId":"pricing","type":"PRICING_PAGE_VIEW","occurredAt":"%s"}]}"""
                .formatted(marker, marker, campaign, now, now, now);
    }

    private static KafkaProducer<String, String> producer(FunnelProcesses funnel) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, funnel.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> headerNames(ConsumerRecord<?, ?> record) {
        List<String> names = new ArrayList<>();
        record.headers().forEach(h -> names.add(h.key()));
        return names;
    }
}
