package io.leadfunnel.lead.security;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.webhook.FunnelSignature;
import io.leadfunnel.lead.webhook.HubSpotSignature;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.PersonalData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.leadfunnel.lead.LeadServiceTestProfile.HUBSPOT_SECRET;
import static io.leadfunnel.lead.LeadServiceTestProfile.PUBLIC_BASE_URL;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_ORG_ID;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_TOKEN;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No personal data in the log at INFO and above: leads carrying a marker e-mail and marker names go through every
 * entry point, the happy paths and the failures that log (skipped values, conflicts, refused organizations,
 * erasure), and no captured log line (message or stack trace) holds the marker.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class PersonalDataLogTest {

    @Test
    void noEmailOrNameReachesTheLog() {
        String marker = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String email = marker + "@pii-marker.example";
        String first = "Firstname" + marker;
        String last = "Lastname" + marker;
        PersonalData.LogCapture capture = PersonalData.LogCapture.start();
        try (capture) {
            // generic webhook: a lead, then the same e-mail with an invalid field (400), then an unknown field
            String generic = "{\"externalId\":\"" + marker + "\",\"email\":\"" + email + "\",\"firstName\":\"" + first
                    + "\",\"lastName\":\"" + last + "\",\"source\":\"webinar\",\"companySize\":\"" + marker + "\"}";
            signed(generic).post("/webhooks/" + SOURCE).then().statusCode(400);
            generic = generic.replace(",\"companySize\":\"" + marker + "\"", "");
            String leadId = signed(generic).post("/webhooks/" + SOURCE).then().statusCode(200).extract()
                    .jsonPath().getString("leads[0]");

            // HubSpot: a contact with the marker e-mail, an invalid e-mail value (skipped and logged) and names
            long contact = System.nanoTime();
            long t = Instant.now().minusSeconds(30).toEpochMilli();
            String hubspot = "[" + change(contact, t, "email", email) + "," + change(contact, t + 1, "firstname", first)
                    + "," + change(contact, t + 2, "email", "not-an-email-" + marker) + ","
                    + change(contact, t + 3, "numberofemployees", "many-" + marker) + "]";
            hubspot(hubspot).then().statusCode(200);

            // Salesforce: the marker from an allowed and from an unknown organization
            String sf = salesforce(SALESFORCE_ORG_ID, email, first, last);
            raw().contentType("text/xml").body(sf.getBytes(StandardCharsets.UTF_8)).post(SALESFORCE_URL)
                    .then().statusCode(200);
            raw().contentType("text/xml").body(salesforce("00D000000000EvilAA", email, first, last)
                    .getBytes(StandardCharsets.UTF_8)).post(SALESFORCE_URL).then().statusCode(403);
            // the endpoint URL's token is a secret too: neither the right one nor a wrong one is logged
            raw().contentType("text/xml").body(sf.getBytes(StandardCharsets.UTF_8))
                    .post("/webhooks/salesforce?token=" + WRONG_SALESFORCE_TOKEN).then().statusCode(401);

            // REST: a duplicate e-mail (409), a patch with names, an invalid patch, an activity, then erasure
            RequestSpecification api = RestAssured.given().header("Authorization",
                    TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")));
            api.contentType("application/json").body("{\"email\":\"" + email + "\",\"firstName\":\"" + first
                    + "\",\"source\":\"WEB\"}").post("/leads").then().statusCode(409);
            RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")))
                    .contentType("application/merge-patch+json").body("{\"lastName\":\"" + last + "x\"}")
                    .patch("/leads/" + leadId).then().statusCode(200);
            RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")))
                    .contentType("application/merge-patch+json").body("{\"email\":\"" + marker + "\"}")
                    .patch("/leads/" + leadId).then().statusCode(400);
            RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")))
                    .delete("/leads/" + leadId).then().statusCode(204);
        }

        assertThat(capture.lines()).as("log lines at INFO and above").isNotEmpty();
        capture.assertNoMarker(List.of(marker, SALESFORCE_TOKEN, WRONG_SALESFORCE_TOKEN));
    }

    private static final String SALESFORCE_URL = "/webhooks/salesforce?token=" + SALESFORCE_TOKEN;
    private static final String WRONG_SALESFORCE_TOKEN = "wrong-salesforce-token-9f8e7d6c5b4a39281706f5e4";

    private static String change(long contact, long at, String property, String value) {
        return "{\"eventId\":" + System.nanoTime() + ",\"subscriptionType\":\"contact.propertyChange\",\"objectId\":"
                + contact + ",\"occurredAt\":" + at + ",\"propertyName\":\"" + property + "\",\"propertyValue\":\""
                + value + "\"}";
    }

    private static RequestSpecification raw() {
        return RestAssured.given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    private static RequestSpecification signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw().contentType("application/json")
                .header(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, Instant.now().getEpochSecond(), bytes))
                .body(bytes);
    }

    private static io.restassured.response.Response hubspot(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().toEpochMilli());
        return raw().contentType("application/json")
                .header(HubSpotSignature.SIGNATURE_HEADER,
                        HubSpotSignature.sign(HUBSPOT_SECRET, "POST", PUBLIC_BASE_URL + "/webhooks/hubspot", bytes, ts))
                .header(HubSpotSignature.TIMESTAMP_HEADER, ts).body(bytes).post("/webhooks/hubspot");
    }

    private static String salesforce(String org, String email, String first, String last) {
        String id = Long.toString(System.nanoTime() % 100_000_000L);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>%s</OrganizationId>
                   <Notification><Id>04l5e0PII%s</Id>
                    <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                     <sf:Id>00Q5e0PII%s</sf:Id><sf:Email>%s</sf:Email><sf:FirstName>%s</sf:FirstName>
                     <sf:LastName>%s</sf:LastName><sf:NumberOfEmployees>lots-%s</sf:NumberOfEmployees>
                    </sObject></Notification>
                  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(org, id, id, email, first, last, first);
    }
}
