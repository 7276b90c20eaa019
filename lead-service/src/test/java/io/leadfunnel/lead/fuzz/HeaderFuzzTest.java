package io.leadfunnel.lead.fuzz;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.webhook.FunnelSignature;
import io.leadfunnel.lead.webhook.HubSpotSignature;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.fuzz.HeaderFuzz;
import io.leadfunnel.testing.fuzz.RawHttp.Header;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static io.leadfunnel.lead.LeadServiceTestProfile.HUBSPOT_SECRET;
import static io.leadfunnel.lead.LeadServiceTestProfile.PUBLIC_BASE_URL;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_TOKEN;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;

/**
 * Seeded fuzzing of lead-service's headers over a plain socket (seed printed; {@code -Dfuzz.seed=N} replays it), per
 * endpoint family: on the API, authorization values, content types, accepted types and idempotency keys; on the
 * webhooks, signatures and their timestamps of any size or form, content types and idempotency keys; everywhere,
 * forwarded addresses now and then. Headers are sent twice, under other spellings or left out. No answer may be 500 or
 * more. Each request is well-formed as built (fresh keys and signatures) and stores nothing even when its headers pass
 * (a lead with an invalid e-mail address, an empty delivery), so the inputs test the headers only.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class HeaderFuzzTest {

    static final int INPUTS = 10_000;

    @TestHTTPResource("/")
    URL api;

    @Test
    void no_api_header_value_gets_a_server_error() {
        String ops = TestTokens.forRole("fuzz", "sales-ops"); // a subject the test profile does not rate-limit
        List<String> fuzzed = List.of("Authorization", "Accept", "Content-Type", "Idempotency-Key");
        List<Supplier<HeaderFuzz.Request>> requests = List.of(
                () -> new HeaderFuzz.Request("GET", "/leads?limit=5", List.of(
                        Header.of("Authorization", "Bearer " + ops), Header.of("Accept", "application/json")),
                        null, fuzzed),
                () -> new HeaderFuzz.Request("GET", "/leads/fuzz-unknown-lead", List.of(
                        Header.of("Authorization", "Bearer " + ops), Header.of("Accept", "application/json")),
                        null, fuzzed),
                () -> new HeaderFuzz.Request("POST", "/leads", List.of(
                        Header.of("Authorization", "Bearer " + ops), Header.of("Content-Type", "application/json"),
                        Header.of("Accept", "application/json"),
                        Header.of("Idempotency-Key", "fuzz-" + UUID.randomUUID())),
                        utf8("{\"email\":\"not-an-address\",\"source\":\"WEBINAR\"}"), fuzzed));

        HeaderFuzz.run("lead API", api.toString(), INPUTS, requests).assertNoServerErrors();
    }

    @Test
    void no_webhook_header_value_gets_a_server_error() {
        List<Supplier<HeaderFuzz.Request>> requests = List.of(this::hubspot, this::generic, this::salesforce);

        HeaderFuzz.run("webhooks", api.toString(), INPUTS, requests).assertNoServerErrors();
    }

    /** An empty HubSpot delivery, signed now. */
    private HeaderFuzz.Request hubspot() {
        byte[] body = utf8("[]");
        String timestamp = Long.toString(Instant.now().toEpochMilli());
        return new HeaderFuzz.Request("POST", "/webhooks/hubspot", List.of(
                Header.of("Content-Type", "application/json"),
                Header.of(HubSpotSignature.SIGNATURE_HEADER, HubSpotSignature.sign(HUBSPOT_SECRET, "POST",
                        PUBLIC_BASE_URL + "/webhooks/hubspot", body, timestamp)),
                Header.of(HubSpotSignature.TIMESTAMP_HEADER, timestamp)),
                body, List.of("Content-Type", HubSpotSignature.SIGNATURE_HEADER, HubSpotSignature.TIMESTAMP_HEADER,
                HubSpotSignature.LEGACY_SIGNATURE_HEADER));
    }

    /** A generic delivery without leads, signed now, with a fresh idempotency key. */
    private HeaderFuzz.Request generic() {
        byte[] body = utf8("{\"leads\":[]}");
        return new HeaderFuzz.Request("POST", "/webhooks/" + SOURCE, List.of(
                Header.of("Content-Type", "application/json"),
                Header.of(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, Instant.now().getEpochSecond(),
                        body)),
                Header.of("Idempotency-Key", "fuzz-" + UUID.randomUUID())),
                body, List.of("Content-Type", FunnelSignature.HEADER, "Idempotency-Key"));
    }

    /**
     * A Salesforce outbound message to the endpoint URL with its token, from an organization that is not on the
     * allow-list: past the token, refused (403) before anything is stored.
     */
    private HeaderFuzz.Request salesforce() {
        byte[] body = utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>00D5e000000NotListed</OrganizationId>
                   <ActionId>04k5e000000TestAAA</ActionId>
                  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """);
        return new HeaderFuzz.Request("POST", "/webhooks/salesforce?token=" + SALESFORCE_TOKEN, List.of(
                Header.of("Content-Type", "text/xml; charset=utf-8"), Header.of("SOAPAction", "\"\"")),
                body, List.of("Content-Type", "SOAPAction"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
