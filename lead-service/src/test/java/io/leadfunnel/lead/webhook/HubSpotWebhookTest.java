package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadProfileUpdated;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.lead.webhook.WebhookClient.hubspot;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static io.leadfunnel.lead.webhook.WebhookSamples.array;
import static io.leadfunnel.lead.webhook.WebhookSamples.hubspotChange;
import static io.leadfunnel.lead.webhook.WebhookSamples.hubspotCreation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class HubSpotWebhookTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    LeadRepository leads;

    @Inject
    DeliveryRepository deliveries;

    @Test
    void a_signed_delivery_captures_the_contact_publishes_its_events_and_a_replay_changes_nothing() {
        long contact = uniqueId();
        long t0 = Instant.now().minusSeconds(60).toEpochMilli();
        String email = "ada-" + contact + "@analytical.example";
        // listed out of order: applied by occurredAt, so the creation comes first
        String body = array(List.of(
                hubspotChange(uniqueId(), contact, t0 + 2, "email", email.toUpperCase()),
                hubspotCreation(uniqueId(), contact, t0),
                hubspotChange(uniqueId(), contact, t0 + 1, "firstname", "Ada"),
                hubspotChange(uniqueId(), contact, t0 + 3, "hs_analytics_source", "PAID_SEARCH"),
                hubspotChange(uniqueId(), contact, t0 + 4, "hs_lead_status", "NEW")));

        JsonPath answer = hubspot(body).then().statusCode(200).contentType("application/json")
                .body("received", equalTo(5)).body("duplicate", equalTo(false))
                .extract().jsonPath();

        Lead lead = leads.findByRef(ExternalRef.hubspot(Long.toString(contact))).orElseThrow();
        assertThat(answer.getList("leads", String.class)).containsExactly(lead.id());
        assertThat(lead.profile()).containsEntry(ProfileField.EMAIL, email)
                .containsEntry(ProfileField.FIRST_NAME, "Ada")
                .containsEntry(ProfileField.SOURCE, LeadSource.PAID_ADS)
                .containsEntry(ProfileField.SOURCE_DETAIL, "PAID_SEARCH");

        List<LeadEvent> events = PublishedEvents.await(infra, lead.id(), 4);
        assertThat(events.get(0)).isInstanceOfSatisfying(LeadCaptured.class, captured -> {
            assertThat(captured.channel()).isEqualTo("hubspot");
            assertThat(captured.externalRefs()).isEmpty();
            assertThat(PublishedEvents.awaitPersonalData(infra, lead.id(), captured.sequence()).externalRefs())
                    .containsEntry("hubspot", Long.toString(contact));
            assertThat(captured.occurredAt()).isEqualTo(Instant.ofEpochMilli(t0));
        });
        assertThat(events).filteredOn(LeadProfileUpdated.class::isInstance).map(LeadProfileUpdated.class::cast)
                .anySatisfy(updated -> {
                    assertThat(updated.changedFields()).contains("email");
                    assertThat(updated.profile().email()).isNull();
                    assertThat(PublishedEvents.awaitPersonalData(infra, lead.id(), updated.sequence()).email())
                            .isEqualTo(email);
                });

        long leadCount = leads.count();
        hubspot(body).then().statusCode(200)
                .body("duplicate", equalTo(true)).body("leads", equalTo(List.of(lead.id())));

        assertThat(leads.count()).isEqualTo(leadCount);
        assertThat(leads.findLead(lead.id()).orElseThrow().sequence()).isEqualTo(lead.sequence());
        PublishedEvents.assertNoMore(infra, lead.id(), events.size());
    }

    @Test
    void the_previous_secret_is_accepted_during_a_rotation() {
        long contact = uniqueId();
        hubspot(array(List.of(hubspotCreation(uniqueId(), contact, now()))), Instant.now(),
                LeadServiceTestProfile.HUBSPOT_PREVIOUS_SECRET).then().statusCode(200);
        assertThat(leads.findByRef(ExternalRef.hubspot(Long.toString(contact)))).isPresent();
    }

    @Test
    void a_wrong_signature_is_refused_and_stores_nothing() {
        long contact = uniqueId();
        long event = uniqueId();
        String body = array(List.of(hubspotCreation(event, contact, now())));
        Instant sentAt = Instant.now();
        String forged = HubSpotSignature.sign("guessed", "POST", LeadServiceTestProfile.PUBLIC_BASE_URL
                + "/webhooks/hubspot", body.getBytes(StandardCharsets.UTF_8), Long.toString(sentAt.toEpochMilli()));

        hubspot(body, sentAt, "guessed").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://leadfunnel.io/problems/unauthenticated"))
                .body("errors[0].field", equalTo(HubSpotSignature.SIGNATURE_HEADER))
                .body(not(containsString(forged)))
                .body(not(containsString(LeadServiceTestProfile.HUBSPOT_SECRET)));

        assertNothingStored(contact, event);
    }

    @Test
    void a_six_minute_old_timestamp_is_refused_even_when_correctly_signed() {
        long contact = uniqueId();
        long event = uniqueId();
        String body = array(List.of(hubspotCreation(event, contact, now())));

        hubspot(body, Instant.now().minus(Duration.ofMinutes(6)), LeadServiceTestProfile.HUBSPOT_SECRET)
                .then().statusCode(401).contentType("application/problem+json")
                .body("errors[0].field", equalTo(HubSpotSignature.TIMESTAMP_HEADER));

        assertNothingStored(contact, event);
    }

    @Test
    void a_request_with_only_an_older_signature_version_is_refused() {
        long contact = uniqueId();
        long event = uniqueId();
        WebhookClient.raw().contentType("application/json")
                .header(HubSpotSignature.LEGACY_SIGNATURE_HEADER, "0".repeat(64))
                .header("X-HubSpot-Signature-Version", "v1")
                .body(array(List.of(hubspotCreation(event, contact, now()))))
                .post("/webhooks/hubspot")
                .then().statusCode(401).body("detail", containsString("only HubSpot signature v3"));

        assertNothingStored(contact, event);
    }

    @Test
    void property_changes_arriving_out_of_order_converge_on_the_newest_value() {
        long contact = uniqueId();
        long t0 = now() - 10_000;
        hubspot(array(List.of(hubspotCreation(uniqueId(), contact, t0),
                hubspotChange(uniqueId(), contact, t0 + 300, "jobtitle", "CTO")))).then().statusCode(200);
        // an older change delivered late, in a later delivery
        hubspot(array(List.of(hubspotChange(uniqueId(), contact, t0 + 100, "jobtitle", "Engineer"))))
                .then().statusCode(200);

        assertThat(profileOf(contact)).containsEntry(ProfileField.TITLE, "CTO");
    }

    @Test
    void an_invalid_value_is_skipped_and_the_rest_of_the_delivery_is_stored() {
        long contact = uniqueId();
        long t0 = now() - 10_000;
        hubspot(array(List.of(hubspotCreation(uniqueId(), contact, t0),
                hubspotChange(uniqueId(), contact, t0 + 1, "email", "not an address"),
                hubspotChange(uniqueId(), contact, t0 + 2, "lastname", "Hopper")))).then().statusCode(200);

        assertThat(profileOf(contact)).containsEntry(ProfileField.LAST_NAME, "Hopper")
                .doesNotContainKey(ProfileField.EMAIL);
    }

    @Test
    void deletion_detaches_the_contact_but_keeps_the_lead_in_the_funnel() {
        long contact = uniqueId();
        long t0 = now() - 10_000;
        String leadId = hubspot(array(List.of(hubspotCreation(uniqueId(), contact, t0))))
                .then().statusCode(200).extract().jsonPath().getString("leads[0]");

        hubspot(array(List.of(event(uniqueId(), "contact.deletion", contact, t0 + 1)))).then().statusCode(200);

        assertThat(leads.findByRef(ExternalRef.hubspot(Long.toString(contact)))).isEmpty();
        assertThat(leads.findLead(leadId)).hasValueSatisfying(lead -> assertThat(lead.isActive()).isTrue());
    }

    @Test
    void privacy_deletion_erases_the_lead_and_later_events_do_not_bring_the_data_back() {
        long contact = uniqueId();
        long t0 = now() - 10_000;
        String email = "erase-" + contact + "@example.org";
        String leadId = hubspot(array(List.of(hubspotCreation(uniqueId(), contact, t0),
                hubspotChange(uniqueId(), contact, t0 + 1, "email", email))))
                .then().statusCode(200).extract().jsonPath().getString("leads[0]");

        hubspot(array(List.of(event(uniqueId(), "contact.privacyDeletion", contact, t0 + 2)))).then().statusCode(200);
        // a retried delivery from before the erasure arrives afterwards
        hubspot(array(List.of(hubspotChange(uniqueId(), contact, t0 + 1, "firstname", "Zombie"))))
                .then().statusCode(200);

        assertThat(leads.findLead(leadId).orElseThrow().erasedAt()).isNotNull();
        assertThat(leads.findByRef(ExternalRef.hubspot(Long.toString(contact)))).isEmpty();
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @Test
    void a_merge_folds_the_merged_contact_into_the_primary_one() {
        long primary = uniqueId();
        long merged = uniqueId();
        long t0 = now() - 10_000;
        hubspot(array(List.of(hubspotCreation(uniqueId(), primary, t0), hubspotCreation(uniqueId(), merged, t0),
                hubspotChange(uniqueId(), merged, t0 + 1, "company", "Merged Corp")))).then().statusCode(200);
        String mergedLeadId = leads.findByRef(ExternalRef.hubspot(Long.toString(merged))).orElseThrow().id();

        String merge = """
                {"eventId":%d,"occurredAt":%d,"subscriptionType":"contact.merge","objectId":%d,\
                "primaryObjectId":%d,"mergedObjectIds":[%d],"portalId":1,"appId":2,"attemptNumber":0}"""
                .formatted(uniqueId(), t0 + 2, primary, primary, merged);
        hubspot("[" + merge + "]").then().statusCode(200);

        Lead survivor = leads.findByRef(ExternalRef.hubspot(Long.toString(primary))).orElseThrow();
        assertThat(leads.findByRef(ExternalRef.hubspot(Long.toString(merged)))).map(Lead::id)
                .contains(survivor.id());
        assertThat(leads.findLead(mergedLeadId).orElseThrow().mergedInto()).isEqualTo(survivor.id());
        assertThat(survivor.profile()).containsEntry(ProfileField.COMPANY, "Merged Corp");
    }

    @Test
    void unsupported_event_types_are_acknowledged_and_ignored() {
        long leadCount = leads.count();
        hubspot(array(List.of(event(uniqueId(), "deal.creation", uniqueId(), now()))))
                .then().statusCode(200).body("received", equalTo(1)).body("leads", equalTo(List.of()));
        assertThat(leads.count()).isEqualTo(leadCount);
    }

    private Map<ProfileField, Object> profileOf(long contact) {
        return leads.findByRef(ExternalRef.hubspot(Long.toString(contact))).orElseThrow().profile();
    }

    private void assertNothingStored(long contact, long event) {
        assertThat(leads.findByRef(ExternalRef.hubspot(Long.toString(contact)))).isEmpty();
        assertThat(deliveries.find(HubSpotWebhook.CHANNEL, Long.toString(event))).isEmpty();
    }

    private static String event(long eventId, String type, long objectId, long occurredAt) {
        return """
                {"eventId":%d,"occurredAt":%d,"subscriptionType":"%s","objectId":%d,"portalId":1,"appId":2,\
                "attemptNumber":0}""".formatted(eventId, occurredAt, type, objectId);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
