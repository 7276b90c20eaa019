package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.leadfunnel.lead.webhook.WebhookClient.generic;
import static io.leadfunnel.lead.webhook.WebhookClient.signed;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_PREVIOUS_SECRET;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class GenericWebhookTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    LeadRepository leads;

    @Test
    void a_signed_delivery_captures_the_lead_with_its_activity() {
        String id = "crm-" + uniqueId();
        String body = """
                {"externalId":"%s","email":"Linus-%s@Kernel.example","firstName":"Linus","company":"Kernel",
                 "companySize":120,"source":"webinar","campaign":"q1-webinar",
                 "activities":[{"activityId":"act-1","type":"webinar-attended","occurredAt":"%s",
                                "detail":{"webinar":"Intro"}}]}""".formatted(id, id, Instant.now().minusSeconds(30));

        String leadId = generic(body).then().statusCode(200).contentType("application/json")
                .body("received", equalTo(1)).body("duplicate", equalTo(false))
                .extract().jsonPath().getString("leads[0]");

        Lead lead = leads.findByRef(ExternalRef.generic(SOURCE, id)).orElseThrow();
        assertThat(lead.id()).isEqualTo(leadId);
        assertThat(lead.profile()).containsEntry(ProfileField.EMAIL, "linus-" + id + "@kernel.example")
                .containsEntry(ProfileField.COMPANY_SIZE, 120);
        List<LeadEvent> events = PublishedEvents.await(infra, leadId, 2);
        assertThat(events.get(0)).isInstanceOfSatisfying(LeadCaptured.class,
                captured -> assertThat(captured.channel()).isEqualTo("webhook:" + SOURCE));
        assertThat(events).filteredOn(LeadActivityRecorded.class::isInstance)
                .singleElement().extracting(e -> ((LeadActivityRecorded) e).activityType())
                .isEqualTo(ActivityType.WEBINAR_ATTENDED);
    }

    @Test
    void a_delivery_signed_with_the_previous_secret_is_accepted_during_a_rotation() {
        String email = "rotation-" + uniqueId() + "@example.org";
        String body = "{\"email\":\"" + email + "\"}";
        generic(signed(body, SOURCE_PREVIOUS_SECRET, Instant.now()), body).then().statusCode(200);
        assertThat(leads.findByEmail(email)).isPresent();
    }

    @Test
    void a_header_with_both_signatures_is_accepted() {
        String email = "both-" + uniqueId() + "@example.org";
        String body = "{\"email\":\"" + email + "\"}";
        long t = Instant.now().getEpochSecond();
        String header = FunnelSignature.header("retired-secret", t, body.getBytes()) + ","
                + FunnelSignature.header(SOURCE_SECRET, t, body.getBytes()).split(",")[1];
        WebhookClient.raw().contentType("application/json").header(FunnelSignature.HEADER, header)
                .body(body).post("/webhooks/" + SOURCE).then().statusCode(200);
        assertThat(leads.findByEmail(email)).isPresent();
    }

    @Test
    void a_repeated_idempotency_key_returns_the_first_answer_and_stores_nothing_new() {
        String key = "delivery-" + uniqueId();
        String body = "[{\"email\":\"idem-" + key + "@example.org\"},{\"email\":\"idem2-" + key + "@example.org\"}]";

        Response first = generic(signed(body, SOURCE_SECRET, Instant.now()).header("Idempotency-Key", key), body);
        first.then().statusCode(200);
        long leadCount = leads.count();

        Response again = generic(signed(body, SOURCE_SECRET, Instant.now()).header("Idempotency-Key", key), body);
        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(leads.count()).isEqualTo(leadCount);

        String other = "[{\"email\":\"other-" + key + "@example.org\"}]";
        generic(signed(other, SOURCE_SECRET, Instant.now()).header("Idempotency-Key", key), other)
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void an_item_event_id_already_processed_is_skipped() {
        String eventId = "evt-" + uniqueId();
        String body = "{\"eventId\":\"" + eventId + "\",\"email\":\"" + eventId + "@example.org\",\"title\":\"CFO\"}";
        String leadId = generic(body).then().statusCode(200).body("duplicate", equalTo(false))
                .extract().jsonPath().getString("leads[0]");
        Lead before = leads.findLead(leadId).orElseThrow();

        String changed = body.replace("CFO", "CEO");
        generic(changed).then().statusCode(200).body("duplicate", equalTo(true))
                .body("leads", equalTo(List.of(leadId)));
        assertThat(leads.findLead(leadId).orElseThrow().sequence()).isEqualTo(before.sequence());
    }

    @Test
    void a_batch_mixing_new_known_repeated_and_processed_items_stores_each_person_once_in_order() {
        long n = uniqueId();
        String known = "known-" + n + "@example.org";
        String knownId = generic("{\"email\":\"" + known + "\",\"title\":\"CTO\"}").then().statusCode(200)
                .extract().jsonPath().getString("leads[0]");
        String processedEvent = "evt-done-" + n;
        String processedId = generic("{\"eventId\":\"" + processedEvent + "\",\"email\":\"done-" + n
                + "@example.org\"}").then().statusCode(200).extract().jsonPath().getString("leads[0]");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            body.append("{\"eventId\":\"evt-new-").append(n).append('-').append(i).append("\",\"externalId\":\"new-")
                    .append(n).append('-').append(i).append("\",\"email\":\"new-").append(n).append('-').append(i)
                    .append("@example.org\",\"company\":\"New ").append(i).append("\"},");
        }
        // a person already stored, a person twice in the delivery (the later item wins), an item processed before
        body.append("{\"email\":\"").append(known).append("\",\"title\":\"CEO\"},");
        body.append("{\"externalId\":\"twice-").append(n).append("\",\"email\":\"twice-").append(n)
                .append("@example.org\",\"title\":\"first\"},");
        body.append("{\"externalId\":\"twice-").append(n).append("\",\"title\":\"second\"},");
        body.append("{\"eventId\":\"").append(processedEvent).append("\",\"email\":\"done-").append(n)
                .append("@example.org\",\"title\":\"ignored\"}]");

        List<String> answered = generic(body.toString()).then().statusCode(200).body("received", equalTo(44))
                .body("duplicate", equalTo(false)).extract().jsonPath().getList("leads", String.class);

        assertThat(answered).hasSize(43).doesNotHaveDuplicates().contains(knownId, processedId);
        List<String> newIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Lead lead = leads.findByRef(ExternalRef.generic(SOURCE, "new-" + n + "-" + i)).orElseThrow();
            assertThat(lead.profile()).containsEntry(ProfileField.EMAIL, "new-" + n + "-" + i + "@example.org")
                    .containsEntry(ProfileField.COMPANY, "New " + i);
            assertThat(answered).contains(lead.id());
            newIds.add(lead.id());
        }
        // every new lead's capture is published exactly once (one read of the topic for all of them)
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                infra.topicReader().readAllEvents(Topics.LEAD_EVENTS, Duration.ofSeconds(20)).stream()
                        .filter(e -> e instanceof LeadCaptured && newIds.contains(e.leadId()))
                        .map(e -> e.leadId()).toList())
                .containsExactlyInAnyOrderElementsOf(newIds));
        assertThat(leads.findByEmail(known).orElseThrow().profile()).containsEntry(ProfileField.TITLE, "CEO");
        Lead twice = leads.findByRef(ExternalRef.generic(SOURCE, "twice-" + n)).orElseThrow();
        assertThat(twice.profile()).containsEntry(ProfileField.TITLE, "second");
        assertThat(leads.findLead(processedId).orElseThrow().profile()).doesNotContainEntry(ProfileField.TITLE, "ignored");

        // the same delivery again: every item with an event id is a duplicate, the rest change nothing new
        generic(body.toString()).then().statusCode(200);
        for (int i = 0; i < 40; i++) {
            assertThat(leads.findByEmail("new-" + n + "-" + i + "@example.org")).isPresent();
        }
        assertThat(leads.findByRef(ExternalRef.generic(SOURCE, "twice-" + n)).orElseThrow().id()).isEqualTo(twice.id());
    }

    @Test
    void an_unknown_source_is_not_found() {
        String body = "{\"email\":\"a@b.io\"}";
        signed(body, SOURCE_SECRET, Instant.now()).body(body).post("/webhooks/nobody")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void unsigned_stale_and_wrongly_signed_deliveries_are_refused_and_store_nothing() {
        String email = "refused-" + uniqueId() + "@example.org";
        String body = "{\"email\":\"" + email + "\"}";
        WebhookClient.raw().contentType("application/json").body(body).post("/webhooks/" + SOURCE)
                .then().statusCode(401).body("errors[0].field", equalTo(FunnelSignature.HEADER));
        generic(signed(body, SOURCE_SECRET, Instant.now().minusSeconds(360)), body).then().statusCode(401);
        generic(signed(body, "not-the-secret", Instant.now()), body).then().statusCode(401)
                .body("detail", equalTo("the signature does not match"));
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @Test
    void one_invalid_item_refuses_the_whole_delivery() {
        String email = "valid-" + uniqueId() + "@example.org";
        String body = "[{\"email\":\"" + email + "\"},{\"firstName\":\"Anonymous\"}]";
        generic(body).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("/1/email"));
        assertThat(leads.findByEmail(email)).isEmpty();
    }
}
