package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.repository.DeliveryRepository;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.leadfunnel.lead.webhook.WebhookClient.salesforce;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class SalesforceWebhookTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    LeadRepository leads;

    @Inject
    DeliveryRepository deliveries;

    @Test
    void an_outbound_message_with_two_notifications_creates_two_leads_and_is_acknowledged_once_stored() {
        String first = salesforceId("00Q");
        String second = salesforceId("00Q");
        Map<String, Map<String, String>> notifications = new LinkedHashMap<>();
        notifications.put(salesforceId("04l"), Map.of("Id", first, "Email", "grace-" + first + "@navy.example",
                "FirstName", "Grace", "LastName", "Hopper", "Company", "US Navy", "LeadSource", "Trade Show",
                "NumberOfEmployees", "5000", "LastModifiedDate", "2025-02-28T08:15:00.000Z"));
        notifications.put(salesforceId("04l"), Map.of("Id", second, "LastName", "Lovelace",
                "Company", "Analytical Engines", "LeadSource", "Cold Call"));
        String xml = WebhookSamples.salesforce(WebhookSamples.ORG_ID, notifications);

        salesforce(xml).then().statusCode(200).contentType(containsString("text/xml"))
                .body(containsString("<Ack>true</Ack>"))
                .body(containsString("http://soap.sforce.com/2005/09/outbound"));

        Lead grace = leads.findByRef(ExternalRef.salesforce(first)).orElseThrow();
        Lead ada = leads.findByRef(ExternalRef.salesforce(second)).orElseThrow();
        assertThat(grace.profile()).containsEntry(ProfileField.EMAIL, "grace-" + first.toLowerCase() + "@navy.example")
                .containsEntry(ProfileField.COMPANY_SIZE, 5000)
                .containsEntry(ProfileField.SOURCE, LeadSource.TRADE_SHOW);
        assertThat(ada.profile()).containsEntry(ProfileField.SOURCE, LeadSource.OUTBOUND_CALL);
        assertThat(PublishedEvents.await(infra, grace.id(), 1).get(0))
                .isInstanceOfSatisfying(LeadCaptured.class, captured -> {
                    assertThat(captured.channel()).isEqualTo("salesforce");
                    assertThat(captured.occurredAt()).isEqualTo(Instant.parse("2025-02-28T08:15:00Z"));
                });

        // Salesforce retries a message it did not see acknowledged: nothing new happens
        long leadCount = leads.count();
        salesforce(xml).then().statusCode(200).body(containsString("<Ack>true</Ack>"));
        assertThat(leads.count()).isEqualTo(leadCount);
        assertThat(leads.findLead(grace.id()).orElseThrow().sequence()).isEqualTo(grace.sequence());
    }

    @Test
    void a_message_from_an_organization_not_on_the_allow_list_is_refused_and_stores_nothing() {
        String lead = salesforceId("00Q");
        String notification = salesforceId("04l");
        String xml = WebhookSamples.salesforce("00D5e000000EvilAAA",
                Map.of(notification, Map.of("Id", lead, "LastName", "Intruder")));

        salesforce(xml).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://leadfunnel.io/problems/forbidden"))
                .body("errors[0].field", equalTo("OrganizationId"));

        assertThat(leads.findByRef(ExternalRef.salesforce(lead))).isEmpty();
        assertThat(deliveries.find(SalesforceWebhook.CHANNEL, notification)).isEmpty();
    }

    @Test
    void malformed_xml_and_a_wrong_content_type_are_refused() {
        salesforce("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://leadfunnel.io/problems/malformed-request"));
        WebhookClient.raw().contentType("application/json").body("{}").post(WebhookClient.SALESFORCE_URL)
                .then().statusCode(415).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Type"));
    }

    @Test
    void a_message_from_an_allowed_organization_without_the_url_token_is_refused_and_stores_nothing() {
        String lead = salesforceId("00Q");
        String notification = salesforceId("04l");
        // everything an outsider can know: the allow-listed organization id, the endpoint's path, a valid message
        String xml = WebhookSamples.salesforce(WebhookSamples.ORG_ID,
                Map.of(notification, Map.of("Id", lead, "Email", "forged-" + lead + "@example.com",
                        "LastName", "Forger")));

        salesforce(xml, "/webhooks/salesforce").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://leadfunnel.io/problems/unauthenticated"))
                .body("errors[0].field", equalTo(SalesforceEndpointToken.PARAMETER));
        String wrong = "wrong-token-" + "x".repeat(40);
        String answer = salesforce(xml, WebhookClient.salesforceUrl(wrong)).then().statusCode(401)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(SalesforceEndpointToken.PARAMETER))
                .extract().asString();
        assertThat(answer).doesNotContain(wrong);
        // the token of the other query parameter, a token that is a prefix of the right one, two tokens
        salesforce(xml, "/webhooks/salesforce?t=" + LeadServiceTestProfile.SALESFORCE_TOKEN).then().statusCode(401);
        salesforce(xml, WebhookClient.salesforceUrl(LeadServiceTestProfile.SALESFORCE_TOKEN.substring(0, 40)))
                .then().statusCode(401);
        salesforce(xml, WebhookClient.SALESFORCE_URL + "&token=" + wrong).then().statusCode(401);
        salesforce(xml, WebhookClient.salesforceUrl("")).then().statusCode(401);

        assertThat(leads.findByRef(ExternalRef.salesforce(lead))).isEmpty();
        assertThat(deliveries.find(SalesforceWebhook.CHANNEL, notification)).isEmpty();

        // the same message sent to the URL with the token is stored
        salesforce(xml).then().statusCode(200).body(containsString("<Ack>true</Ack>"));
        assertThat(leads.findByRef(ExternalRef.salesforce(lead))).get()
                .satisfies(stored -> assertThat(stored.profile()).containsEntry(ProfileField.EMAIL,
                        "forged-" + lead.toLowerCase() + "@example.com"));
        assertThat(deliveries.find(SalesforceWebhook.CHANNEL, notification)).isPresent();
    }

    @Test
    void during_a_rotation_the_previous_token_is_accepted_too() {
        String lead = salesforceId("00Q");
        String xml = WebhookSamples.salesforce(WebhookSamples.ORG_ID,
                Map.of(salesforceId("04l"), Map.of("Id", lead, "LastName", "Rotated", "Company", "Old URL Inc")));

        salesforce(xml, WebhookClient.salesforceUrl(LeadServiceTestProfile.SALESFORCE_PREVIOUS_TOKEN))
                .then().statusCode(200).body(containsString("<Ack>true</Ack>"));

        assertThat(leads.findByRef(ExternalRef.salesforce(lead))).get()
                .satisfies(stored -> assertThat(stored.profile()).containsEntry(ProfileField.COMPANY, "Old URL Inc"));
    }

    @Test
    void a_valid_token_still_needs_an_allowed_organization() {
        String lead = salesforceId("00Q");
        String xml = WebhookSamples.salesforce("00D5e000000EvilAAA",
                Map.of(salesforceId("04l"), Map.of("Id", lead, "LastName", "Intruder")));
        salesforce(xml).then().statusCode(403);
        salesforce(xml, WebhookClient.salesforceUrl(LeadServiceTestProfile.SALESFORCE_PREVIOUS_TOKEN))
                .then().statusCode(403);
        assertThat(leads.findByRef(ExternalRef.salesforce(lead))).isEmpty();
    }

    /** An 18-character Salesforce id with the given key prefix, unique per test run. */
    private static String salesforceId(String prefix) {
        String digits = Long.toString(uniqueId(), 36).toUpperCase();
        return prefix + "5e" + "0".repeat(13 - digits.length()) + digits;
    }
}
