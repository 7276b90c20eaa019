package io.leadfunnel.lead.webhook;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static io.leadfunnel.lead.LeadServiceTestProfile.HUBSPOT_SECRET;
import static io.leadfunnel.lead.LeadServiceTestProfile.PUBLIC_BASE_URL;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_TOKEN;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;

/** Sends webhook requests signed the way each sender signs them. */
final class WebhookClient {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private WebhookClient() {
    }

    /** A number no other test used, for HubSpot event and contact ids. */
    static long uniqueId() {
        return IDS.incrementAndGet();
    }

    /** A request whose body bytes and content type go out exactly as given. */
    static RequestSpecification raw() {
        return RestAssured.given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    static Response hubspot(String body) {
        return hubspot(body, Instant.now(), HUBSPOT_SECRET);
    }

    static Response hubspot(String body, Instant timestamp, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(timestamp.toEpochMilli());
        return raw().contentType("application/json")
                .header(HubSpotSignature.SIGNATURE_HEADER,
                        HubSpotSignature.sign(secret, "POST", PUBLIC_BASE_URL + "/webhooks/hubspot", bytes, ts))
                .header(HubSpotSignature.TIMESTAMP_HEADER, ts)
                .body(bytes)
                .post("/webhooks/hubspot");
    }

    /** The endpoint URL configured in Salesforce: the path and the token. */
    static final String SALESFORCE_URL = salesforceUrl(SALESFORCE_TOKEN);

    static String salesforceUrl(String token) {
        return "/webhooks/salesforce?" + SalesforceEndpointToken.PARAMETER + "=" + token;
    }

    static Response salesforce(String xml) {
        return salesforce(xml, SALESFORCE_URL);
    }

    /** An outbound message posted to {@code url}: the endpoint URL with the token, another token or none. */
    static Response salesforce(String xml, String url) {
        return raw().contentType("text/xml; charset=utf-8").body(xml.getBytes(StandardCharsets.UTF_8)).post(url);
    }

    static Response generic(String body) {
        return generic(signed(body, SOURCE_SECRET, Instant.now()), body);
    }

    static Response generic(RequestSpecification request, String body) {
        return request.body(body.getBytes(StandardCharsets.UTF_8)).post("/webhooks/" + SOURCE);
    }

    /** A JSON request carrying the {@code Funnel-Signature} of {@code body}. */
    static RequestSpecification signed(String body, String secret, Instant at) {
        return raw().contentType("application/json").header(FunnelSignature.HEADER,
                FunnelSignature.header(secret, at.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)));
    }
}
