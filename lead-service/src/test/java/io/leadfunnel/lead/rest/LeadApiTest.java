package io.leadfunnel.lead.rest;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.lead.webhook.PublishedEvents;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.TopicReader;
import org.awaitility.Awaitility;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.lead.rest.Api.PROBLEM_JSON;
import static io.leadfunnel.lead.rest.Api.createLead;
import static io.leadfunnel.lead.rest.Api.salesOps;
import static io.leadfunnel.lead.rest.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The sales-ops API's use cases end to end: HTTP, MongoDB and the events on the real lead.events topic. */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class LeadApiTest {

    private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Test
    void createAnswers201WithLocationAndTheLeadAtStageLead() {
        String email = uniqueEmail("grace");
        ExtractableResponse<Response> created = salesOps().contentType(ContentType.JSON)
                .body(Map.of("email", "  " + email.toUpperCase() + " ", "firstName", "Grace", "lastName", "Hopper",
                        "company", "Navy Labs", "country", "Germany", "companySize", 450, "source", "REFERRAL"))
                .post("/leads")
                .then().log().ifValidationFails().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", notNullValue())
                .body("email", equalTo(email))
                .body("country", equalTo("DE"))
                .body("source", equalTo("REFERRAL"))
                .body("origin", equalTo("SALES"))
                .body("companyDomain", equalTo("acme-robotics.example"))
                .body("stage", equalTo("LEAD"))
                .body("owner", nullValue())
                .body("score", nullValue())
                .body("erased", equalTo(false))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/leads/" + id);

        salesOps().get("/leads/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("timeline.kind", hasItem("captured"));
    }

    @Test
    void createWithAnEmailAnotherLeadHasIs409NamingTheLeadAndChangesNothing() {
        String email = uniqueEmail("dup");
        String existing = createLead(Map.of("email", email, "firstName", "First", "source", "WEBINAR"));

        salesOps().contentType(ContentType.JSON)
                .body(Map.of("email", email, "firstName", "Second", "source", "OUTBOUND_CALL"))
                .post("/leads")
                .then().statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/lead-exists"))
                .body("errors[0].field", equalTo("email"))
                .body("detail", containsString(existing))
                .header("Link", containsString("/leads/" + existing));

        salesOps().get("/leads/" + existing)
                .then().body("firstName", equalTo("First")).body("source", equalTo("WEBINAR"));
    }

    @Test
    void sameIdempotencyKeyAndBodyGetsTheSameAnswerAndADifferentBodyIs422() {
        String key = "create-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("email", uniqueEmail("idem"), "lastName", "Turing", "source", "EVENT");

        ExtractableResponse<Response> first = salesOps().contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body)
                .post("/leads").then().statusCode(201).extract();
        // the same content with the keys in another order is the same request
        ExtractableResponse<Response> again = salesOps().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{\"source\":\"EVENT\",\"lastName\":\"Turing\",\"email\":\"" + body.get("email") + "\"}")
                .post("/leads").then().statusCode(201).extract();

        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        String id = first.path("id");
        salesOps().get("/leads/" + id).then().body("externalRefs", hasItem(Map.of("system", "manual", "id", key)));

        Map<String, Object> other = new HashMap<>(body);
        other.put("lastName", "Someone Else");
        salesOps().contentType(ContentType.JSON).header("Idempotency-Key", key).body(other)
                .post("/leads")
                .then().statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/unprocessable"))
                .body("errors[0].field", equalTo("Idempotency-Key"));
        salesOps().get("/leads/" + id).then().body("lastName", equalTo("Turing"));
    }

    @Test
    void patchSetsAndClearsProfileFieldsAndPublishesLeadProfileUpdated() {
        String id = createLead(Map.of("email", uniqueEmail("patch"), "firstName", "Ada", "title", "CTO",
                "industry", "Robotics", "source", "WEBINAR"));

        salesOps().contentType("application/merge-patch+json")
                .body("{\"title\": \"VP Operations\", \"industry\": null}")
                .patch("/leads/" + id)
                .then().statusCode(200)
                .body("title", equalTo("VP Operations"))
                .body("industry", nullValue())
                .body("firstName", equalTo("Ada"));
        // plain JSON is accepted as a merge patch too
        salesOps().contentType(ContentType.JSON).body(Map.of("companySize", 1200))
                .patch("/leads/" + id)
                .then().statusCode(200).body("companySize", equalTo(1200)).body("title", equalTo("VP Operations"));

        List<FunnelEvent> events = awaitEvents(id, LeadProfileUpdated.class, 2);
        LeadProfileUpdated first = (LeadProfileUpdated) events.get(0);
        assertThat(first.changedFields()).containsExactlyInAnyOrder("title", "industry");
        assertThat(first.profile().title()).as("no personal value on lead.events").isNull();
        assertThat(PublishedEvents.awaitPersonalData(infra, id, first.sequence()).title())
                .isEqualTo("VP Operations");
        assertThat(first.profile().industry()).isNull();
    }

    @Test
    void anEmailTakenByAnotherLeadIs409() {
        String taken = uniqueEmail("taken");
        createLead(Map.of("email", taken, "source", "WEB"));
        String id = createLead();

        salesOps().contentType(ContentType.JSON).body(Map.of("email", taken))
                .patch("/leads/" + id)
                .then().statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/email-taken"))
                .body("errors[0].field", equalTo("email"));
    }

    @Test
    void activitiesAreRecordedOncePerActivityId() {
        String id = createLead();
        Map<String, Object> activity = Map.of("type", "DEMO_REQUESTED", "occurredAt", "2026-03-04T08:40:00Z",
                "activityId", "crm-88412", "campaign", "spring-demo", "detail", Map.of("form", "demo"));

        salesOps().contentType(ContentType.JSON).body(activity)
                .post("/leads/" + id + "/activities")
                .then().statusCode(201)
                .body("activityId", equalTo("crm-88412"))
                .body("recorded", equalTo(true));
        salesOps().contentType(ContentType.JSON).body(activity)
                .post("/leads/" + id + "/activities")
                .then().statusCode(200)
                .body("recorded", equalTo(false));
        String generated = salesOps().contentType(ContentType.JSON)
                .body(Map.of("type", "PRICING_PAGE_VIEW", "occurredAt", "2026-03-04T09:00:00+01:00"))
                .post("/leads/" + id + "/activities")
                .then().log().ifValidationFails().statusCode(201)
                .extract().path("activityId");
        assertThat(generated).isNotBlank();

        List<FunnelEvent> events = awaitEvents(id, LeadActivityRecorded.class, 2);
        assertThat(events).extracting(e -> ((LeadActivityRecorded) e).activityId())
                .containsExactlyInAnyOrder("crm-88412", generated);
        salesOps().get("/leads/" + id).then()
                .body("timeline.findAll { it.kind == 'activity' }.size()", equalTo(2));
    }

    @Test
    void erasureRemovesPersonalDataKeepsFunnelFactsAndPublishesLeadErased() {
        String email = uniqueEmail("erase");
        String id = createLead(Map.of("email", email, "firstName", "Erin", "lastName", "Erased",
                "company", "Gone GmbH", "title", "CEO", "industry", "Retail", "companySize", 40,
                "source", "TRADE_SHOW", "campaign", "fair-2026"));

        Api.as(Roles.ADMIN).delete("/leads/" + id).then().statusCode(204);
        salesOps().delete("/leads/" + id).then().statusCode(204); // again: harmless

        salesOps().get("/leads/" + id)
                .then().statusCode(200)
                .body("erased", equalTo(true))
                .body("erasedAt", notNullValue())
                .body("email", nullValue())
                .body("firstName", nullValue())
                .body("lastName", nullValue())
                .body("company", nullValue())
                .body("title", nullValue())
                .body("externalRefs.size()", equalTo(0))
                .body("source", equalTo("TRADE_SHOW"))
                .body("industry", equalTo("Retail"))
                .body("companySize", equalTo(40))
                .body("stage", equalTo("LEAD"))
                .body("timeline.kind", hasItem("erased"));

        List<FunnelEvent> erased = awaitEvents(id, LeadErased.class, 1);
        assertThat(erased).hasSize(1);
        assertThat(((LeadErased) erased.get(0)).reason()).isEqualTo(LeadErased.Reason.REQUEST);
        // the personal values were on the compacted lead.profiles only, where a tombstone now follows them
        Awaitility.await().atMost(TOPIC_WAIT).untilAsserted(() -> assertThat(PublishedEvents.profileRecords(infra, id))
                .first().satisfies(r -> assertThat(r.value()).contains("Gone GmbH")));
        assertThat(PublishedEvents.profileRecords(infra, id)).last()
                .satisfies(r -> assertThat(r.value()).as("tombstone").isNull());
        assertThat(infra.topicReader().readAll(Topics.LEAD_EVENTS, TOPIC_WAIT))
                .filteredOn(r -> id.equals(r.key())).isNotEmpty()
                .allSatisfy(r -> assertThat(r.value()).doesNotContain("Gone GmbH", email, "Erin", "CEO"));

        salesOps().contentType(ContentType.JSON).body(Map.of("firstName", "Back"))
                .patch("/leads/" + id)
                .then().statusCode(409).contentType(PROBLEM_JSON);
    }

    @Test
    void unknownAndMalformedIdsAre404Problems() {
        salesOps().get("/leads/65f0000000000000000000ff").then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/not-found"))
                .body("instance", endsWith("/leads/65f0000000000000000000ff"));
        for (String odd : List.of("not-an-id", "%7B%22%24ne%22%3A1%7D", "65F0000000000000000000FF", "123")) {
            salesOps().get("/leads/" + odd).then().statusCode(404).contentType(PROBLEM_JSON);
        }
        salesOps().delete("/leads/65f0000000000000000000ff").then().statusCode(404).contentType(PROBLEM_JSON);
        salesOps().contentType(ContentType.JSON).body(Map.of("title", "x"))
                .patch("/leads/nope").then().statusCode(404).contentType(PROBLEM_JSON);
        salesOps().contentType(ContentType.JSON).body(Map.of("type", "CALL", "occurredAt", "2026-03-04T08:40:00Z"))
                .post("/leads/65f0000000000000000000ff/activities").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    /** Waits until lead.events holds {@code count} events of a type for the lead, and returns them in order. */
    static List<FunnelEvent> awaitEvents(String leadId, Class<? extends FunnelEvent> type, int count) {
        TopicReader reader = new TopicReader();
        List<FunnelEvent>[] found = new List[1];
        await().atMost(TOPIC_WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            found[0] = reader.readAll(Topics.LEAD_EVENTS, TOPIC_WAIT).stream()
                    .filter(r -> leadId.equals(r.key()))
                    .map(TopicReader::decode)
                    .filter(type::isInstance)
                    .toList();
            return found[0].size() >= count;
        });
        return found[0];
    }
}
