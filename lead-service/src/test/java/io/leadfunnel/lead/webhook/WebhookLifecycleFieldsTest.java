package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.Stage;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.repository.LeadRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.lead.webhook.WebhookClient.generic;
import static io.leadfunnel.lead.webhook.WebhookClient.hubspot;
import static io.leadfunnel.lead.webhook.WebhookClient.salesforce;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/**
 * No webhook can set stage, score or owner: the generic format refuses those fields (400 naming them, nothing
 * stored), and the CRMs' own lifecycle, score and owner properties are not mapped, so they change nothing.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class WebhookLifecycleFieldsTest {

    @Inject
    LeadRepository leads;

    @Test
    void theGenericFormatRefusesLifecycleFieldsNamingThem() {
        for (String field : List.of("stage", "score", "owner", "team", "stageAt", "mergedInto", "erased", "id")) {
            String id = "ro-" + uniqueId();
            generic("{\"externalId\":\"" + id + "\",\"email\":\"" + id + "@acme.example\",\"" + field + "\":\"SQL\"}")
                    .then().statusCode(400)
                    .body("errors.field", hasItem("/" + field));
            assertThat(leads.findByEmail(id + "@acme.example")).as(field).isEmpty();
        }
    }

    @Test
    void hubSpotLifecycleOwnerAndScorePropertiesChangeNothing() {
        long contact = uniqueId();
        long t0 = Instant.now().minusSeconds(30).toEpochMilli();
        hubspot(WebhookSamples.array(List.of(
                WebhookSamples.hubspotCreation(uniqueId(), contact, t0),
                WebhookSamples.hubspotChange(uniqueId(), contact, t0 + 1, "lifecyclestage", "customer"),
                WebhookSamples.hubspotChange(uniqueId(), contact, t0 + 2, "hubspot_owner_id", "4711"),
                WebhookSamples.hubspotChange(uniqueId(), contact, t0 + 3, "hubspotscore", "100"),
                WebhookSamples.hubspotChange(uniqueId(), contact, t0 + 4, "hs_lead_status", "CONNECTED"))))
                .then().statusCode(200);
        Lead lead = leads.findByRef(ExternalRef.hubspot(Long.toString(contact))).orElseThrow();
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);
        assertThat(lead.owner()).isNull();
        assertThat(lead.score()).isNull();
    }

    @Test
    void salesforceStatusOwnerAndRatingChangeNothing() {
        String sfId = "00Q5e0000RO" + (uniqueId() % 10_000_000);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Id", sfId);
        fields.put("Email", "ro-" + uniqueId() + "@navy.example");
        fields.put("Status", "Closed - Converted");
        fields.put("OwnerId", "0055e000001OwnerAA");
        fields.put("Rating", "Hot");
        fields.put("IsConverted", "true");
        salesforce(WebhookSamples.salesforce(WebhookSamples.ORG_ID, Map.of("04l5e0000RO" + (uniqueId() % 10_000_000),
                fields))).then().statusCode(200);
        Lead lead = leads.findByRef(new ExternalRef("salesforce", sfId)).orElseThrow();
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);
        assertThat(lead.owner()).isNull();
        assertThat(lead.score()).isNull();
    }
}
