package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.repository.DeliveryRepository;
import io.leadfunnel.lead.repository.LeadRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leadfunnel.lead.webhook.WebhookClient.generic;
import static io.leadfunnel.lead.webhook.WebhookClient.hubspot;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Every refusal is an RFC 9457 problem that names what is wrong, and none of them stores anything. */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class WebhookProblemsTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    LeadRepository leads;

    @Inject
    DeliveryRepository deliveries;

    private long leadsBefore;
    private long deliveriesBefore;

    @BeforeEach
    void count() {
        leadsBefore = leads.count();
        deliveriesBefore = deliveries.count();
    }

    @AfterEach
    void nothingStored() {
        assertThat(leads.count()).isEqualTo(leadsBefore);
        assertThat(deliveries.count()).isEqualTo(deliveriesBefore);
    }

    @Test
    void malformed_json_is_400() {
        String body = "{\"email\":\"broken-" + uniqueId() + "@example.org\"";
        problem(generic(body).then(), 400, "malformed-request").body("detail", containsString("not valid JSON"));
        problem(hubspot("[{\"eventId\":1,").then(), 400, "malformed-request");
    }

    @Test
    void a_wrong_content_type_is_415_naming_the_header() {
        String body = "{\"email\":\"form-" + uniqueId() + "@example.org\"}";
        problem(WebhookClient.raw().contentType("application/x-www-form-urlencoded")
                .header(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET,
                        Instant.now().getEpochSecond(), body.getBytes()))
                .body(body).post("/webhooks/" + SOURCE).then(), 415, "unsupported-media-type")
                .body("errors[0].field", equalTo("Content-Type"));
        problem(WebhookClient.raw().contentType("text/plain").body("[]".getBytes()).post("/webhooks/hubspot").then(),
                415, "unsupported-media-type");
    }

    @Test
    void a_two_mebibyte_body_is_413() {
        String padding = "x".repeat(2 * 1024 * 1024);
        String body = "{\"email\":\"big-" + uniqueId() + "@example.org\",\"industry\":\"" + padding + "\"}";
        problem(generic(body).then(), 413, "payload-too-large").body("detail", containsString("1048576 bytes"));
    }

    @Test
    void an_unknown_field_is_400_naming_the_field() {
        String body = "[{\"email\":\"nick-" + uniqueId() + "@example.org\",\"nickname\":\"Nick\"}]";
        problem(generic(body).then(), 400, "invalid-request")
                .body("errors.field", hasItem("/0/nickname"))
                .body("detail", containsString("nothing was stored"));
    }

    @Test
    void a_batch_over_the_limit_is_413() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            body.append(i == 0 ? "" : ",").append("{\"email\":\"batch-").append(i).append("-").append(uniqueId())
                    .append("@example.org\"}");
        }
        problem(generic(body.append("]").toString()).then(), 413, "payload-too-large");
    }

    @Test
    void problems_never_echo_secrets_or_signatures() {
        String body = "{\"email\":\"echo-" + uniqueId() + "@example.org\"}";
        String header = FunnelSignature.header("wrong-secret", Instant.now().getEpochSecond(), body.getBytes());
        problem(WebhookClient.raw().contentType("application/json").header(FunnelSignature.HEADER, header)
                .body(body.getBytes()).post("/webhooks/" + SOURCE).then(), 401, "unauthenticated")
                .body(not(containsString(header.split("v1=")[1])))
                .body(not(containsString(SOURCE_SECRET)));
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String kind) {
        return response.statusCode(status).contentType(PROBLEM)
                .body("status", equalTo(status))
                .body("type", equalTo("https://leadfunnel.io/problems/" + kind))
                .body("title", not(equalTo(null)));
    }
}
