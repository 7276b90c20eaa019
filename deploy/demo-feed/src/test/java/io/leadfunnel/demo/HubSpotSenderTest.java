package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class HubSpotSenderTest {

    /** The contact properties lead-service keeps (HubSpotContactProperties); others would be ignored. */
    private static final Set<String> KEPT_PROPERTIES = Set.of("email", "firstname", "lastname", "company", "jobtitle",
            "country", "industry", "numberofemployees", "website", "domain", "hs_analytics_source",
            "hs_analytics_source_data_1", "campaign");
    private static final Profile TARGET = new Profile("Ada", "Lovelace", "ada.lovelace1@nordwerk.example", "Nordwerk",
            "nordwerk.example", "Chief Revenue Officer", "DE", "Software", 450, true, "target account");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RUN = 1700012345L;

    private final FeedLog log = new FeedLog();

    private HubSpotSender sender(FeedOptions options) {
        LeadWebhooks webhooks = new LeadWebhooks(new FunnelHttpClient(), log.report);
        Random random = new Random(1);
        return new HubSpotSender(options, RUN, random, webhooks,
                new GenericSender(options, RUN, random, webhooks, log.report), log.report);
    }

    @Test
    void a_delivery_is_an_array_of_a_creation_and_one_property_change_per_kept_property() {
        HubSpotSender sender = sender(FeedOptions.defaults());
        JsonNode events = sender.delivery(1234, 5000, 1_700_000_000_000L, TARGET, "PAID_SEARCH");

        assertThat(events.isArray()).isTrue();
        assertThat(events).hasSize(12).allSatisfy(e -> {
            assertThat(e.path("eventId").isIntegralNumber()).isTrue();
            assertThat(e.path("occurredAt").isIntegralNumber()).isTrue();
            assertThat(e.path("objectId").asLong()).isEqualTo(1234);
            assertThat(e.path("attemptNumber").asInt()).isZero();
        });
        assertThat(events).extracting(e -> e.path("eventId").asLong())
                .containsExactly(5000L, 5001L, 5002L, 5003L, 5004L, 5005L, 5006L, 5007L, 5008L, 5009L, 5010L, 5011L);
        assertThat(events.get(0).path("subscriptionType").asText()).isEqualTo("contact.creation");
        assertThat(events.get(0).has("propertyName")).isFalse();
        assertThat(events.get(0).path("occurredAt").asLong()).isEqualTo(1_699_999_998_000L);
        List<JsonNode> changes = StreamSupport.stream(events.spliterator(), false).skip(1).toList();
        assertThat(changes).allSatisfy(e -> {
            assertThat(e.path("subscriptionType").asText()).isEqualTo("contact.propertyChange");
            assertThat(e.path("propertyValue").isTextual()).isTrue();
        });
        assertThat(changes).extracting(e -> e.path("propertyName").asText()).containsExactly("email", "firstname",
                "lastname", "company", "jobtitle", "country", "industry", "numberofemployees", "website",
                "hs_analytics_source", "hs_analytics_source_data_1").allMatch(KEPT_PROPERTIES::contains);
        assertThat(changes).extracting(e -> e.path("propertyValue").asText()).containsExactly(TARGET.email(), "Ada",
                "Lovelace", "Nordwerk", "Chief Revenue Officer", "DE", "Software", "450",
                "https://www.nordwerk.example", "PAID_SEARCH", "demo-paid_search");
    }

    @Test
    void ids_follow_the_run_and_the_contact_number() {
        HubSpotSender sender = sender(FeedOptions.defaults());

        assertThat(sender.objectId(7)).isEqualTo(123450007L);
        assertThat(sender.eventBase(7)).isEqualTo((RUN * 1000 + 7) * 20);
        // twelve events per contact fit between two contacts' event bases
        assertThat(sender.eventBase(8) - sender.eventBase(7)).isGreaterThanOrEqualTo(12);
    }

    @Test
    void a_delivery_is_signed_over_method_uri_body_and_timestamp() {
        FeedOptions options = FeedOptions.parse(new String[]{"--hubspot-secret", "hs-secret"}).orElseThrow();
        byte[] body = "[{\"eventId\":1}]".getBytes(StandardCharsets.UTF_8);

        HttpRequest request = sender(options).request(body, 1700000000000L)
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        assertThat(request.uri()).isEqualTo(URI.create("http://127.0.0.1:8081/webhooks/hubspot"));
        assertThat(request.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(request.headers().firstValue("X-HubSpot-Request-Timestamp")).contains("1700000000000");
        assertThat(request.headers().firstValue("X-HubSpot-Signature-v3")).contains(Signatures.hubSpotV3("hs-secret",
                "POST", "http://127.0.0.1:8081/webhooks/hubspot", body, 1700000000000L));
    }

    @Test
    void behind_a_public_base_url_the_signature_covers_that_url() {
        FeedOptions options = FeedOptions.parse(new String[]{"--hubspot-secret", "hs-secret",
                "--public-base-url", "https://funnel.example.com"}).orElseThrow();
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);

        HttpRequest request = sender(options).request(body, 5L).POST(HttpRequest.BodyPublishers.noBody()).build();

        assertThat(request.uri()).isEqualTo(URI.create("http://127.0.0.1:8081/webhooks/hubspot"));
        assertThat(request.headers().firstValue("X-HubSpot-Signature-v3")).contains(Signatures.hubSpotV3("hs-secret",
                "POST", "https://funnel.example.com/webhooks/hubspot", body, 5L));
    }

    @Test
    void the_signed_uri_is_the_local_webhook_unless_a_public_base_url_is_set() {
        assertThat(HubSpotSender.signedUri("http://127.0.0.1:8081", null))
                .isEqualTo("http://127.0.0.1:8081/webhooks/hubspot");
        assertThat(HubSpotSender.signedUri("http://127.0.0.1:8081", " "))
                .isEqualTo("http://127.0.0.1:8081/webhooks/hubspot");
        assertThat(HubSpotSender.signedUri("http://127.0.0.1:8081/", "https://funnel.example.com/"))
                .isEqualTo("https://funnel.example.com/webhooks/hubspot");
    }

    @Test
    void a_replay_sends_the_delivery_again_and_one_event_alone_then_the_engagement() throws Exception {
        try (FakeFunnelService lead = new FakeFunnelService(r -> FakeFunnelService.Answer.json(200,
                "{\"leads\":[\"L1\"],\"duplicate\":" + (r.uri().getPath().endsWith("hubspot")
                        && seenBefore(r)) + "}"))) {
            FeedOptions options = FeedOptions.parse(new String[]{"--lead-url", lead.url()}).orElseThrow();

            sender(options).send(7, TARGET, true);

            List<FakeFunnelService.Request> requests = lead.requests();
            assertThat(requests).extracting(r -> r.uri().getPath()).containsExactly("/webhooks/hubspot",
                    "/webhooks/hubspot", "/webhooks/hubspot", "/webhooks/demo");
            assertThat(requests.get(1).text()).isEqualTo(requests.get(0).text());
            JsonNode first = JSON.readTree(requests.get(0).body());
            JsonNode single = JSON.readTree(requests.get(2).body());
            assertThat(single).hasSize(1);
            assertThat(single.get(0).path("eventId")).isEqualTo(first.get(1).path("eventId"));
            assertThat(single.get(0).path("attemptNumber").asInt()).isEqualTo(1);
            assertThat(JSON.readTree(requests.get(3).body()).path("email").asText()).isEqualTo(TARGET.email());
            long eventId = first.get(1).path("eventId").asLong();
            assertThat(log.lines()).containsExactly(
                    "HubSpot   contact 123450007 ada.lovelace1@nordwerk.example Chief Revenue Of target account "
                            + "-> 200 lead L1",
                    "  = HubSpot retry of the whole delivery: absorbed (200, same lead, no new lead)",
                    "  = HubSpot eventId " + eventId + " again: absorbed (200, same lead, no new lead)",
                    "  + activities for ada.lovelace1@nordwerk.example -> 200 lead L1");
            assertThat(log.report.get("replays")).isEqualTo(2);
        }
    }

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** As lead-service decides a duplicate: an event id it has stored, or a retry attempt. */
    private boolean seenBefore(FakeFunnelService.Request r) {
        try {
            JsonNode event = JSON.readTree(r.body()).get(0);
            return !seen.add(event.path("eventId").asText()) || event.path("attemptNumber").asInt() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
