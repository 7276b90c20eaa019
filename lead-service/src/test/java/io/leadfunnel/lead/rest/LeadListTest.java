package io.leadfunnel.lead.rest;

import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import static org.hamcrest.Matchers.equalTo;

/** {@code GET /leads}: filters, literal text search and cursor pagination over real MongoDB data. */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class LeadListTest {

    @Test
    void pagesCoverEveryLeadOnceNewestFirstEvenWhileLeadsAreAdded() {
        String campaign = campaign();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(createLead(lead(campaign, "WEBINAR")));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = salesOps().queryParam("campaign", campaign).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/leads").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            assertThat(ids).hasSizeLessThanOrEqualTo(3);
            seen.addAll(ids);
            cursor = page.getString("nextCursor");
            pages++;
            if (pages == 1) {
                createLead(lead(campaign, "WEBINAR")); // newer than the cursor: must not shift later pages
            }
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates();
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void aPageExactlyFullEndsWithoutAnEmptyExtraPage() {
        String campaign = campaign();
        createLead(lead(campaign, "WEB"));
        createLead(lead(campaign, "WEB"));
        salesOps().queryParam("campaign", campaign).queryParam("limit", 2).get("/leads")
                .then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("nextCursor", equalTo(null));
    }

    @Test
    void filtersBySourceCreationTimeAndTextAllAtOnce() {
        String campaign = campaign();
        String webinar = createLead(lead(campaign, "WEBINAR"));
        Instant between = Instant.now();
        await().pollDelay(Duration.ofMillis(20)).until(() -> true);
        String tradeShow = createLead(lead(campaign, "TRADE_SHOW"));
        Map<String, Object> special = lead(campaign, "REFERRAL");
        special.put("company", "A.C.M.E. (Robotics)+ [EU]");
        String referral = createLead(special);

        assertThat(ids(Map.of("campaign", campaign, "source", "WEBINAR,REFERRAL"))).containsExactly(referral, webinar);
        assertThat(ids(Map.of("campaign", campaign, "createdFrom", between.toString())))
                .containsExactly(referral, tradeShow);
        assertThat(ids(Map.of("campaign", campaign, "createdTo", between.toString()))).containsExactly(webinar);
        // the text matches literally and ignores case: regular-expression characters are just characters
        assertThat(ids(Map.of("campaign", campaign, "q", "(robotics)+ [eu]"))).containsExactly(referral);
        assertThat(ids(Map.of("campaign", campaign, "q", ".*"))).isEmpty();
        assertThat(ids(Map.of("campaign", campaign, "q", "LOVELACE"))).hasSize(3);
    }

    @Test
    void filtersByStageAndOwnerFromTheLifecycleReadModel() {
        String campaign = campaign();
        String qualified = createLead(lead(campaign, "WEBINAR"));
        String other = createLead(lead(campaign, "WEBINAR"));
        LeadStageChanged golden = GoldenSamples.event(LeadStageChanged.class);
        LeadStageChanged toSql = new LeadStageChanged(UUID.randomUUID(), qualified, Instant.now(),
                golden.schemaVersion(), golden.producer(), Stage.SAL, Stage.SQL, golden.definitionVersion(),
                golden.criteria(), golden.causedBy(), null, null, "jonas.berg", "dach-mid-market");
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.LEAD_LIFECYCLE, toSql);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                salesOps().get("/leads/" + qualified).then().body("stage", equalTo("SQL")));

        assertThat(ids(Map.of("campaign", campaign, "stage", "SQL"))).containsExactly(qualified);
        assertThat(ids(Map.of("campaign", campaign, "stage", "lead"))).containsExactly(other);
        assertThat(ids(Map.of("campaign", campaign, "owner", "jonas.berg"))).containsExactly(qualified);
        assertThat(ids(Map.of("campaign", campaign, "owner", "{\"$ne\": null}"))).isEmpty();
    }

    @Test
    void erasedLeadsAreListedOnlyWhenAskedFor() {
        String campaign = campaign();
        String kept = createLead(lead(campaign, "WEB"));
        String erased = createLead(lead(campaign, "WEB"));
        salesOps().delete("/leads/" + erased).then().statusCode(204);

        assertThat(ids(Map.of("campaign", campaign))).containsExactly(kept);
        assertThat(ids(Map.of("campaign", campaign, "includeInactive", "true"))).containsExactly(erased, kept);
    }

    @ParameterizedTest(name = "{0}={1} is refused naming {0}")
    @CsvSource(delimiter = '|', value = {
            "stage|BOGUS", "source|CARRIER_PIGEON", "createdFrom|yesterday", "createdTo|2026-13-01",
            "limit|0", "limit|201", "limit|ten", "cursor|not-a-cursor", "cursor|djE6MTIzOm5vdC1hbi1pZA",
            "includeInactive|maybe", "sort|createdAt", "q|' '"})
    void invalidFiltersAre400NamingTheParameter(String name, String value) {
        salesOps().queryParam(name, value.equals("' '") ? " " : value).get("/leads")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/invalid-request"))
                .body("errors[0].field", equalTo(name));
    }

    @Test
    void aRangeEndingBeforeItStartsIsRefused() {
        salesOps().queryParam("createdFrom", "2026-03-02").queryParam("createdTo", "2026-03-01").get("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors[0].field", equalTo("createdTo"));
    }

    private static List<String> ids(Map<String, String> params) {
        return salesOps().queryParams(params).get("/leads")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    private static String campaign() {
        return "list-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> lead(String campaign, String source) {
        Map<String, Object> lead = new HashMap<>();
        lead.put("email", uniqueEmail("list"));
        lead.put("firstName", "Ada");
        lead.put("lastName", "Lovelace");
        lead.put("company", "Acme Robotics");
        lead.put("source", source);
        lead.put("campaign", campaign);
        return lead;
    }
}
