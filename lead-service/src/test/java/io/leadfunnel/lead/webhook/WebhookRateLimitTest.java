package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.repository.LeadRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.leadfunnel.lead.LeadServiceTestProfile.ADDRESS_BURST;
import static io.leadfunnel.lead.LeadServiceTestProfile.FLOODING_ADDRESS;
import static io.leadfunnel.lead.LeadServiceTestProfile.HUBSPOT_SECRET;
import static io.leadfunnel.lead.LeadServiceTestProfile.LIMITED_BURST;
import static io.leadfunnel.lead.LeadServiceTestProfile.LIMITED_SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.PUBLIC_BASE_URL;
import static io.leadfunnel.lead.LeadServiceTestProfile.VALID_SENDER_ADDRESS;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook rate limits against the flood of an anonymous client. Deliveries that fail before their sender is proven
 * (bad or missing signature) are limited per client address; a source's own bucket is spent only by deliveries whose
 * signature verifies. Client addresses are simulated with {@code X-Forwarded-For} sent through the loopback address,
 * which the test profile trusts as a proxy; each simulated address has a burst of
 * {@value LeadServiceTestProfile#ADDRESS_BURST} failures (the valid sender: 1), refilled once per 10 s.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class WebhookRateLimitTest {

    private static final String LIMITED_SOURCE_SECRET = "test-limited-secret";

    @Inject
    LeadRepository leads;

    @Test
    void aValidHubSpotSenderKeepsBeingServedWhileAnotherAddressFloodsTheWebhookWithBadSignatures() {
        List<Integer> flood = new ArrayList<>();
        List<Long> contacts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long floodContact = uniqueId();
            Response refused = hubspot(FLOODING_ADDRESS, creation(floodContact), "not-the-app-secret");
            flood.add(refused.statusCode());
            if (refused.statusCode() == 429) {
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
                assertThat(refused.jsonPath().getString("type"))
                        .isEqualTo("https://leadfunnel.io/problems/rate-limited");
            }
            long contact = uniqueId();
            hubspot(VALID_SENDER_ADDRESS, creation(contact), HUBSPOT_SECRET).then().statusCode(200);
            contacts.add(contact);
        }

        // the flooding address got its burst of 401s, then 429 before its signatures were even looked at
        assertThat(flood.subList(0, ADDRESS_BURST)).containsOnly(401);
        assertThat(flood.get(ADDRESS_BURST)).isEqualTo(429);
        assertThat(Collections.frequency(flood, 429)).isGreaterThanOrEqualTo(20);
        // every valid delivery was served and stored
        for (long contact : contacts) {
            assertThat(leads.findByRef(ExternalRef.hubspot(Long.toString(contact)))).as("contact %d", contact)
                    .isPresent();
        }
    }

    @Test
    void aSourcesOwnBucketIsSpentOnlyByDeliveriesWhoseSignatureIsValid() {
        // many more bad signatures than the source's burst, from an address that may fail often
        for (int i = 0; i < 4 * LIMITED_BURST; i++) {
            generic(null, "{\"email\": \"forged-" + uniqueId() + "@example.com\"}", "not-the-secret")
                    .then().statusCode(401);
        }
        // the source's whole burst is still there for deliveries it signed, and then it is limited
        for (int i = 0; i < LIMITED_BURST; i++) {
            generic(VALID_SENDER_ADDRESS, "{\"email\": \"limited-" + uniqueId() + "@example.com\"}",
                    LIMITED_SOURCE_SECRET).then().statusCode(200);
        }
        Response limited = generic(VALID_SENDER_ADDRESS, "{\"email\": \"limited-" + uniqueId() + "@example.com\"}",
                LIMITED_SOURCE_SECRET);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(limited.jsonPath().getString("detail")).startsWith("this source sent more than");
    }

    @Test
    void forwardedForIsBelievedFromTheTrustedProxyOnly() throws IOException {
        // spend the flooding address's failures through the trusted proxy
        int status = 0;
        for (int i = 0; i < ADDRESS_BURST + 5 && status != 429; i++) {
            status = hubspot(FLOODING_ADDRESS, creation(uniqueId()), "not-the-app-secret").statusCode();
        }
        assertThat(status).isEqualTo(429);

        // a peer that is not a trusted proxy naming that address is itself the client: its request is checked (401)
        byte[] body = creation(uniqueId()).getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().toEpochMilli());
        String signature = HubSpotSignature.sign("not-the-app-secret", "POST", PUBLIC_BASE_URL + "/webhooks/hubspot",
                body, ts);
        String headers = "Content-Type: application/json\r\nX-Forwarded-For: " + FLOODING_ADDRESS + "\r\n"
                + HubSpotSignature.SIGNATURE_HEADER + ": " + signature + "\r\n"
                + HubSpotSignature.TIMESTAMP_HEADER + ": " + ts + "\r\n";
        assertThat(postFrom("127.0.0.2", "/webhooks/hubspot", headers, body)).isEqualTo(401);
        // and it cannot escape its own limit by naming other addresses: it is one client whatever it claims
        assertThat(hubspot(FLOODING_ADDRESS, creation(uniqueId()), "not-the-app-secret").statusCode())
                .as("the flooding address itself is still limited").isEqualTo(429);
    }

    private static Response hubspot(String clientAddress, String events, String secret) {
        byte[] bytes = ("[" + events + "]").getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().toEpochMilli());
        return WebhookClient.raw().contentType("application/json")
                .header("X-Forwarded-For", clientAddress)
                .header(HubSpotSignature.SIGNATURE_HEADER,
                        HubSpotSignature.sign(secret, "POST", PUBLIC_BASE_URL + "/webhooks/hubspot", bytes, ts))
                .header(HubSpotSignature.TIMESTAMP_HEADER, ts)
                .body(bytes)
                .post("/webhooks/hubspot");
    }

    private static Response generic(String clientAddress, String body, String secret) {
        var request = WebhookClient.signed(body, secret, Instant.now());
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        return request.body(body.getBytes(StandardCharsets.UTF_8)).post("/webhooks/" + LIMITED_SOURCE);
    }

    private static String creation(long contact) {
        return WebhookSamples.hubspotCreation(uniqueId(), contact, Instant.now().toEpochMilli());
    }

    /** Posts over a connection from {@code localAddress} (another loopback address) and returns the status. */
    private static int postFrom(String localAddress, String path, String headers, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
                    + body.length + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
