package io.leadfunnel.lead.security;

import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.webhook.FunnelSignature;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB operators and special keys in every free-form field and filter: an operator object where a value belongs is
 * refused with 400 naming the field; operator-looking text, {@code $}-prefixed and dotted keys are stored literally
 * and read back unchanged; a filter value never matches as an operator.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class OperatorInjectionTest {

    private static final List<String> OPERATORS = List.of("{\"$gt\":\"\"}", "{\"$ne\":null}",
            "{\"$where\":\"sleep(1000)\"}", "{\"$regex\":\".*\"}");
    private static final List<String> PROFILE_TEXT = List.of("firstName", "lastName", "company", "title", "industry",
            "campaign", "sourceDetail");

    @Test
    void anOperatorObjectInAProfileFieldIsRefusedNamingTheField() {
        for (String field : PROFILE_TEXT) {
            for (String operator : OPERATORS) {
                String email = unique() + "@inject.example";
                Response response = api().contentType("application/json").body("{\"email\":\"" + email
                        + "\",\"source\":\"WEB\",\"" + field + "\":" + operator + "}").post("/leads");
                assertThat(response.statusCode()).as(field + " " + operator).isEqualTo(400);
                assertThat(response.jsonPath().getList("errors.field", String.class)).contains(field);
                if (!field.equals("sourceDetail")) {
                    String id = unique();
                    Response hook = signed("{\"externalId\":\"" + id + "\",\"email\":\"" + id + "@inject.example\",\""
                            + field + "\":" + operator + "}").post("/webhooks/" + SOURCE);
                    assertThat(hook.statusCode()).as("webhook " + field + " " + operator).isEqualTo(400);
                    assertThat(hook.jsonPath().getList("errors.field", String.class)).contains("/" + field);
                }
            }
        }
        String id = createLead("{\"source\":\"WEB\",\"email\":\"" + unique() + "@inject.example\"}");
        for (String operator : OPERATORS) {
            Response patch = api().contentType("application/merge-patch+json").body("{\"title\":" + operator + "}")
                    .patch("/leads/" + id);
            assertThat(patch.statusCode()).as("PATCH title " + operator).isEqualTo(400);
            assertThat(patch.jsonPath().getList("errors.field", String.class)).contains("title");
        }
    }

    @Test
    void operatorTextAndSpecialKeysAreStoredLiterally() {
        String text = "{\"$gt\": \"\"} $where a.b";
        String email = unique() + "@inject.example";
        String id = createLead("{\"source\":\"WEB\",\"email\":\"" + email + "\",\"firstName\":\"" + json(text)
                + "\",\"company\":\"$ne\",\"title\":\"a.b.c\",\"campaign\":\"$where\"}");
        JsonPath lead = api().get("/leads/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(lead.getString("firstName")).isEqualTo(text);
        assertThat(lead.getString("company")).isEqualTo("$ne");
        assertThat(lead.getString("title")).isEqualTo("a.b.c");
        assertThat(lead.getString("campaign")).isEqualTo("$where");

        // activity details are a free-form map: $-prefixed and dotted keys are kept as they are, or refused by name
        Map<String, String> detail = Map.of("$where", "sleep(1000)", "a.b", "dotted", "$gt", "{\"$ne\":null}",
                "plain", "$set");
        String body = "{\"type\":\"PAGE_VIEW\",\"occurredAt\":\"" + Instant.now().minusSeconds(5)
                + "\",\"activityId\":\"inj-" + unique() + "\",\"detail\":{\"$where\":\"sleep(1000)\",\"a.b\":\"dotted\","
                + "\"$gt\":\"{\\\"$ne\\\":null}\",\"plain\":\"$set\"}}";
        Response activity = api().contentType("application/json").body(body).post("/leads/" + id + "/activities");
        if (activity.statusCode() == 400) {
            assertThat(activity.jsonPath().getList("errors.field", String.class))
                    .anyMatch(f -> f.startsWith("detail/"));
        } else {
            assertThat(activity.statusCode()).as(activity.asString()).isEqualTo(201);
            // the details are kept in the lead's timeline, keys and values as sent
            String stored = api().get("/leads/" + id).then().statusCode(200).extract().jsonPath()
                    .getString("timeline.find { it.kind == 'activity' }.data.detail");
            assertThat(JsonPath.from(stored).getMap("")).isEqualTo(detail);
            // and never travel on lead.events, where a sender's free text could not be erased
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(new TopicReader()
                    .readAll(Topics.LEAD_EVENTS, Duration.ofSeconds(10)))
                    .filteredOn(r -> id.equals(r.key()) && r.value().contains("\"LeadActivityRecorded\""))
                    .singleElement().satisfies(r -> assertThat(r.value()).doesNotContain("sleep(1000)", "dotted")));
        }

        String hookId = unique();
        Response hook = signed("{\"externalId\":\"" + hookId + "\",\"email\":\"" + hookId + "@inject.example\","
                + "\"firstName\":\"$where\",\"company\":\"a.b\",\"activities\":[{\"type\":\"PAGE_VIEW\",\"occurredAt\":\""
                + Instant.now().minusSeconds(5) + "\",\"detail\":{\"$where\":\"x\",\"a.b\":\"y\"}}]}")
                .post("/webhooks/" + SOURCE);
        assertThat(hook.statusCode()).as(hook.asString()).isIn(200, 400);
        if (hook.statusCode() == 200) {
            JsonPath stored = api().get("/leads/" + hook.jsonPath().getString("leads[0]")).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(stored.getString("firstName")).isEqualTo("$where");
            assertThat(stored.getString("company")).isEqualTo("a.b");
        } else {
            assertThat(hook.jsonPath().getList("errors.field", String.class)).anyMatch(f -> f.contains("detail"));
        }
    }

    @Test
    void aFilterValueIsNeverReadAsAnOperator() {
        String campaign = "inj-" + unique();
        createLead("{\"source\":\"WEB\",\"email\":\"" + unique() + "@inject.example\",\"campaign\":\"" + campaign + "\"}");
        for (String parameter : List.of("owner", "campaign", "q", "createdFrom", "cursor", "stage", "source")) {
            for (String operator : OPERATORS) {
                Response response = api().queryParam(parameter, operator).get("/leads");
                assertThat(response.statusCode()).as(parameter + "=" + operator).isIn(200, 400);
                if (response.statusCode() == 200) {
                    // matched literally: only leads that hold this very text (the fuzz suites store such text)
                    List<Map<String, Object>> items = response.jsonPath().getList("items");
                    for (Map<String, Object> item : items) {
                        String text = parameter.equals("q")
                                ? (item.get("firstName") + " " + item.get("lastName") + " " + item.get("email") + " "
                                + item.get("company")).toLowerCase()
                                : String.valueOf(item.get(parameter));
                        assertThat(text).as(parameter + "=" + operator).contains(operator.toLowerCase());
                    }
                } else {
                    assertThat(response.jsonPath().getList("errors.field", String.class)).contains(parameter);
                }
            }
        }
        for (String parameter : List.of("owner[$ne]", "campaign[$ne]", "$where", "owner.$ne", "a.b")) {
            Response response = api().queryParam(parameter, "x").get("/leads");
            assertThat(response.statusCode()).as(parameter).isEqualTo(400);
            assertThat(response.jsonPath().getList("errors.field", String.class)).contains(parameter);
        }
        // the one lead of the campaign matches its literal value, and nothing else does
        assertThat(api().queryParam("campaign", campaign).get("/leads").jsonPath().getList("items")).hasSize(1);
        assertThat(api().queryParam("q", ".*").queryParam("campaign", campaign).get("/leads").jsonPath()
                .getList("items")).isEmpty();
    }

    private static String createLead(String body) {
        return api().contentType("application/json").body(body).post("/leads").then().statusCode(201).extract()
                .path("id");
    }

    private static RequestSpecification api() {
        return RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")));
    }

    private static RequestSpecification signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RestAssured.given().config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("application/json")
                .header(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, Instant.now().getEpochSecond(), bytes))
                .body(bytes);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 12);
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
