package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.repository.DeliveryRepository;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.lead.LeadServiceTestProfile.HUBSPOT_SECRET;
import static io.leadfunnel.lead.LeadServiceTestProfile.PUBLIC_BASE_URL;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on every webhook and write endpoint: signatures over a re-serialized body, oversized batches, deeply
 * nested documents, invalid UTF-8, numbers out of range, NaN and infinities, dates far in the past or future. Each is
 * refused with a 4xx problem (never a 500) and nothing is stored.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class HostileInputTest {

    private static final String DEEP_ARRAY = "[".repeat(100_000) + "]".repeat(100_000);

    @Inject
    LeadRepository leads;

    @Inject
    DeliveryRepository deliveries;

    @TestHTTPResource("/")
    URI base;

    private long leadsBefore;
    private long deliveriesBefore;

    @BeforeEach
    void count() {
        leadsBefore = leads.count();
        deliveriesBefore = deliveries.count();
    }

    @AfterEach
    void nothingStored() {
        assertThat(leads.count()).as("leads").isEqualTo(leadsBefore);
        assertThat(deliveries.count()).as("deliveries").isEqualTo(deliveriesBefore);
    }

    @Test
    void aSignatureOverAReSerializedBodyIsRefused() {
        String id = "reser-" + uniqueId();
        String sent = "{ \"externalId\" : \"" + id + "\",\n  \"email\" : \"" + id + "@acme.example\" }";
        String reSerialized = "{\"email\":\"" + id + "@acme.example\",\"externalId\":\"" + id + "\"}";
        Response generic = WebhookClient.signed(reSerialized, SOURCE_SECRET, Instant.now())
                .body(sent.getBytes(StandardCharsets.UTF_8)).post("/webhooks/" + SOURCE);
        assertThat(generic.statusCode()).isEqualTo(401);

        long contact = uniqueId();
        String hsSent = "[ {\"eventId\": " + uniqueId() + ", \"subscriptionType\": \"contact.creation\", "
                + "\"objectId\": " + contact + ", \"occurredAt\": " + Instant.now().toEpochMilli() + "} ]";
        String hsReSerialized = hsSent.replace(" ", "");
        String ts = Long.toString(Instant.now().toEpochMilli());
        Response hubspot = WebhookClient.raw().contentType("application/json")
                .header(HubSpotSignature.SIGNATURE_HEADER, HubSpotSignature.sign(HUBSPOT_SECRET, "POST",
                        PUBLIC_BASE_URL + "/webhooks/hubspot", hsReSerialized.getBytes(StandardCharsets.UTF_8), ts))
                .header(HubSpotSignature.TIMESTAMP_HEADER, ts)
                .body(hsSent.getBytes(StandardCharsets.UTF_8)).post("/webhooks/hubspot");
        assertThat(hubspot.statusCode()).isEqualTo(401);
    }

    @Test
    void batchesOverTheDocumentedMaximumAre413() {
        List<String> events = new ArrayList<>();
        long contact = uniqueId();
        for (int i = 0; i < 101; i++) {
            events.add(WebhookSamples.hubspotCreation(uniqueId(), contact, Instant.now().toEpochMilli()));
        }
        refused(WebhookClient.hubspot(WebhookSamples.array(events)), 413);

        Map<String, Map<String, String>> notifications = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            notifications.put("04l5e00000B" + String.format("%07d", i),
                    Map.of("Id", "00Q5e00000B" + String.format("%07d", i), "Email", "b" + i + "-" + uniqueId() + "@x.example"));
        }
        refused(WebhookClient.salesforce(WebhookSamples.salesforce(WebhookSamples.ORG_ID, notifications)), 413);
    }

    @Test
    void deeplyNestedDocumentsAre400NotAStackOverflow() {
        refused(WebhookClient.generic(DEEP_ARRAY), 400);
        refused(WebhookClient.generic("{\"email\":\"deep@acme.example\",\"activities\":[{\"type\":\"CALL\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"detail\":" + "{\"a\":".repeat(50_000) + "1"
                + "}".repeat(50_000) + "}]}"), 400);
        refused(WebhookClient.hubspot(DEEP_ARRAY), 400);
        String deepXml = WebhookSamples.salesforce(WebhookSamples.ORG_ID, Map.of()).replace("</notifications>",
                "<x>".repeat(50_000) + "</x>".repeat(50_000) + "</notifications>");
        refused(WebhookClient.salesforce(deepXml), 400);
    }

    @Test
    void deeplyNestedApiBodiesAre400NotAStackOverflow() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String token = TestTokens.bearer(TestTokens.forRole("ada", "sales-ops"));
        for (String body : List.of(DEEP_ARRAY, "{\"email\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "}")) {
            for (String[] call : List.of(new String[]{"POST", "/leads", "application/json"},
                    new String[]{"POST", "/leads/65f00000000000000000abcd/activities", "application/json"},
                    new String[]{"PATCH", "/leads/65f00000000000000000abcd", "application/merge-patch+json"})) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(call[1]))
                        .method(call[0], HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", call[2]).header("Authorization", token).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(call[0] + " " + call[1] + ": " + response.body()).isEqualTo(400);
            }
        }
    }

    @Test
    void invalidUtf8Is400() {
        String id = "utf-" + uniqueId();
        byte[] body = bytes("{\"externalId\":\"" + id + "\",\"email\":\"" + id + "@acme.example\",\"firstName\":\"",
                new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}");
        refused(WebhookClient.raw().contentType("application/json")
                .header(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, Instant.now().getEpochSecond(), body))
                .body(body).post("/webhooks/" + SOURCE), 400);
        refused(api().contentType("application/json").body(bytes("{\"email\":\"" + id + "@acme.example\",\"source\":"
                + "\"WEB\",\"firstName\":\"", new byte[]{(byte) 0xC3, (byte) 0x28}, "\"}")).post("/leads"), 400);
        byte[] xml = bytes(WebhookSamples.salesforce(WebhookSamples.ORG_ID, Map.of("04l5e00000UTF8AAA1",
                Map.of("Id", "00Q5e00000UTF8AAA1", "FirstName", "PLACEHOLDER"))).split("PLACEHOLDER")[0],
                new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                WebhookSamples.salesforce(WebhookSamples.ORG_ID, Map.of("04l5e00000UTF8AAA1",
                        Map.of("Id", "00Q5e00000UTF8AAA1", "FirstName", "PLACEHOLDER"))).split("PLACEHOLDER")[1]);
        refused(WebhookClient.raw().contentType("text/xml; charset=utf-8").body(xml)
                .post(WebhookClient.SALESFORCE_URL), 400);
    }

    @Test
    void numbersOutOfRangeNaNAndInfinityAre400() {
        for (String size : List.of("NaN", "Infinity", "-Infinity", "1e400", "99999999999999999999999", "-1",
                "10000001", "2.5")) {
            String id = "num-" + uniqueId();
            refused(WebhookClient.generic("{\"externalId\":\"" + id + "\",\"email\":\"" + id
                    + "@acme.example\",\"companySize\":" + size + "}"), 400);
            refused(api().contentType("application/json").body("{\"email\":\"" + id + "@acme.example\","
                    + "\"source\":\"WEB\",\"companySize\":" + size + "}").post("/leads"), 400);
        }
        for (String millis : List.of("NaN", "1e400", "99999999999999999999999", "-99999999999999999999")) {
            refused(WebhookClient.hubspot("[{\"eventId\":" + uniqueId() + ",\"subscriptionType\":\"contact.creation\","
                    + "\"objectId\":" + uniqueId() + ",\"occurredAt\":" + millis + "}]"), 400);
        }
    }

    @Test
    void datesFarInThePastOrFutureAreRefused() {
        for (String at : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "2026-13-45T99:99:99Z")) {
            String id = "date-" + uniqueId();
            refused(WebhookClient.generic("{\"externalId\":\"" + id + "\",\"email\":\"" + id + "@acme.example\","
                    + "\"occurredAt\":\"" + at + "\"}"), 400);
            refused(WebhookClient.generic("{\"externalId\":\"" + id + "\",\"email\":\"" + id + "@acme.example\","
                    + "\"activities\":[{\"type\":\"CALL\",\"occurredAt\":\"" + at + "\"}]}"), 400);
            refused(api().contentType("application/json").body("{\"type\":\"CALL\",\"occurredAt\":\"" + at + "\"}")
                    .post("/leads/65f00000000000000000abcd/activities"), 400);
        }
        for (long millis : List.of(Long.MAX_VALUE, Long.MIN_VALUE, 253_402_300_800_000L)) {
            refused(WebhookClient.hubspot("[{\"eventId\":" + uniqueId() + ",\"subscriptionType\":\"contact.creation\","
                    + "\"objectId\":" + uniqueId() + ",\"occurredAt\":" + millis + "}]"), 400);
        }
    }

    private static void refused(Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static io.restassured.specification.RequestSpecification api() {
        return WebhookClient.raw().header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")));
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
