package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadfunnel.events.ActivityType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class GenericSenderTest {

    /** The fields lead-service's generic format knows (GenericLeadParser); any other field refuses the lead. */
    private static final Set<String> LEAD_FIELDS = Set.of("eventId", "externalId", "occurredAt", "email", "source",
            "activities", "firstName", "lastName", "company", "companyDomain", "title", "country", "industry",
            "companySize", "campaign", "origin");
    private static final Set<String> ACTIVITY_FIELDS = Set.of("activityId", "type", "occurredAt", "campaign", "detail");
    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30.250Z");
    private static final Profile TARGET = new Profile("Ada", "Lovelace", "ada.lovelace1@nordwerk.example", "Nordwerk",
            "nordwerk.example", "CTO", "DE", "Software", 450, true, "target account");
    private static final Profile STUDENT = new Profile("Ken", "Weber", "ken.weber2@student.uni-example.edu",
            "University of Example", "uni-example.edu", "Student", "AT", "Education", 20000, false, "student");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FeedLog log = new FeedLog();

    private GenericSender sender(FeedOptions options, long seed) {
        return new GenericSender(options, 1700000000L, new Random(seed),
                new LeadWebhooks(new FunnelHttpClient(), log.report), log.report);
    }

    @Test
    void a_lead_carries_only_fields_of_the_generic_format() {
        GenericSender sender = sender(FeedOptions.defaults(), 1);
        ObjectNode lead = sender.lead(5, TARGET, "trade show", NOW);
        lead.set("activities", sender.activities(5, TARGET, "trade show", NOW));

        assertThat(names(lead)).isSubsetOf(LEAD_FIELDS);
        assertThat(lead.path("eventId").asText()).isEqualTo("demo-1700000000-5");
        assertThat(lead.path("externalId").asText()).isEqualTo("demo-contact-1700000000-5");
        assertThat(lead.path("occurredAt").asText()).isEqualTo("2026-03-02T10:15:25Z");
        assertThat(lead.path("email").asText()).isEqualTo(TARGET.email());
        assertThat(lead.path("companyDomain").asText()).isEqualTo("nordwerk.example");
        assertThat(lead.path("companySize").isInt()).isTrue();
        assertThat(lead.path("source").asText()).isEqualTo("trade show");
        assertThat(lead.path("campaign").asText()).isEqualTo("demo-trade-show");
        for (JsonNode activity : lead.path("activities")) {
            assertThat(names(activity)).isSubsetOf(ACTIVITY_FIELDS);
            assertThat(ActivityType.valueOf(activity.path("type").asText())).isNotNull();
            assertThat(activity.path("detail").path("channel").asText()).isEqualTo("trade show");
        }
    }

    @Test
    void a_target_account_shows_buying_signals_ten_minutes_apart_from_an_hour_ago() {
        JsonNode activities = sender(FeedOptions.defaults(), 1).activities(3, TARGET, "website tracking", NOW);

        assertThat(activities).hasSize(4);
        assertThat(activities.get(0).path("type").asText()).isIn("DEMO_REQUESTED", "TRIAL_STARTED");
        assertThat(activities.get(1).path("type").asText()).isEqualTo("PRICING_PAGE_VIEW");
        assertThat(activities.get(2).path("type").asText()).isIn("MEETING", "WEBINAR_ATTENDED");
        assertThat(activities.get(3).path("type").asText()).isEqualTo("EMAIL_CLICK");
        assertThat(activities).extracting(a -> a.path("occurredAt").asText()).containsExactly(
                "2026-03-02T09:15:30Z", "2026-03-02T09:25:30Z", "2026-03-02T09:35:30Z", "2026-03-02T09:45:30Z");
        assertThat(activities).extracting(a -> a.path("activityId").asText()).containsExactly(
                "demo-1700000000-3-0", "demo-1700000000-3-1", "demo-1700000000-3-2", "demo-1700000000-3-3");
        assertThat(activities.get(0).path("campaign").asText()).isEqualTo("demo-website-tracking");
    }

    @Test
    void others_only_read_a_little() {
        JsonNode activities = sender(FeedOptions.defaults(), 1).activities(3, STUDENT, "web", NOW);

        assertThat(activities).extracting(a -> a.path("type").asText()).hasSize(2).first().isEqualTo("PAGE_VIEW");
        assertThat(activities.get(1).path("type").asText()).isIn("EMAIL_OPEN", "WEBINAR_REGISTERED");
    }

    @Test
    void a_delivery_goes_to_the_sources_webhook_signed_with_its_secret() {
        FeedOptions options = FeedOptions.parse(new String[]{"--generic-source", "webinar-tool",
                "--generic-secret", "gen-secret"}).orElseThrow();
        byte[] body = "{\"email\":\"a@b.io\"}".getBytes(StandardCharsets.UTF_8);

        HttpRequest keyed = build(sender(options, 1).request(body, "key-1", 1700000000L));
        HttpRequest plain = build(sender(options, 1).request(body, null, 1700000000L));

        assertThat(keyed.uri()).isEqualTo(URI.create("http://127.0.0.1:8081/webhooks/webinar-tool"));
        assertThat(keyed.headers().firstValue("Content-Type")).contains("application/json");
        // the reference value of lead-service's FunnelSignatureTest for this body and secret
        assertThat(keyed.headers().firstValue("Funnel-Signature"))
                .contains("t=1700000000,v1=a3724e104876ae5d7e1c8c11c18e6835389e6aa6b2d90e9d2653de73299003f1");
        assertThat(keyed.headers().firstValue("Idempotency-Key")).contains("key-1");
        assertThat(plain.headers().firstValue("Idempotency-Key")).isEmpty();
    }

    @Test
    void a_replay_sends_the_same_lead_with_its_key_and_again_without() throws Exception {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        // as lead-service answers: a known key replays the first answer, a known event without key is a duplicate
        try (FakeFunnelService lead = new FakeFunnelService(r -> {
            String key = r.header("Idempotency-Key");
            if (key != null && !keys.add(key)) {
                return new FakeFunnelService.Answer(200, "{\"leads\":[\"L1\"]}", Map.of("Idempotent-Replayed", "true"));
            }
            return FakeFunnelService.Answer.json(200, "{\"leads\":[\"L1\"],\"duplicate\":" + (key == null) + "}");
        })) {
            FeedOptions options = FeedOptions.parse(new String[]{"--lead-url", lead.url()}).orElseThrow();

            sender(options, 1).send(7, TARGET, true);

            List<FakeFunnelService.Request> requests = lead.requests();
            assertThat(requests).hasSize(3).allSatisfy(r -> {
                assertThat(r.uri().getPath()).isEqualTo("/webhooks/demo");
                assertThat(r.text()).isEqualTo(requests.get(0).text());
            });
            assertThat(requests).extracting(r -> r.header("Idempotency-Key"))
                    .containsExactly("demo-1700000000-7", "demo-1700000000-7", null);
            assertThat(log.lines()).hasSize(3);
            assertThat(log.lines().get(0)).matches("generic   \\S.{13} ada\\.lovelace1@nordwerk\\.example CTO {14}"
                    + "target account -> 200 lead L1");
            assertThat(log.lines().subList(1, 3)).containsExactly(
                    "  = generic retry with Idempotency-Key demo-1700000000-7: absorbed (200, same lead, no new lead)",
                    "  = generic eventId demo-1700000000-7 again: absorbed (200, same lead, no new lead)");
            assertThat(log.report.get("generic")).isEqualTo(1);
            assertThat(log.report.get("replays")).isEqualTo(2);
            assertThat(log.report.get("absorbed")).isEqualTo(2);
        }
    }

    private static HttpRequest build(HttpRequest.Builder builder) {
        return builder.POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private static List<String> names(JsonNode node) {
        return JSON.convertValue(node, Map.class).keySet().stream().map(Object::toString).toList();
    }
}
