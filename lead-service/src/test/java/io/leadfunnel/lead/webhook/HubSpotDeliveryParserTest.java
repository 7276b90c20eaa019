package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.leadfunnel.lead.webhook.WebhookSamples.array;
import static io.leadfunnel.lead.webhook.WebhookSamples.hubspotChange;
import static io.leadfunnel.lead.webhook.WebhookSamples.hubspotCreation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSpotDeliveryParserTest {

    @Test
    void reads_creation_property_change_and_merge_events() {
        String merge = """
                {"eventId":3,"occurredAt":1700000000300,"subscriptionType":"contact.merge","objectId":11,\
                "primaryObjectId":11,"mergedObjectIds":[12,"13"],"newObjectId":11,"portalId":1,"appId":2}""";
        List<HubSpotEvent> events = parse(array(List.of(hubspotCreation(1, 11, 1700000000100L),
                hubspotChange(2, 11, 1700000000200L, "email", "Ada@Example.com"), merge)));

        assertThat(events).extracting(HubSpotEvent::subscriptionType)
                .containsExactly("contact.creation", "contact.propertyChange", "contact.merge");
        assertThat(events.get(0).objectId()).isEqualTo("11");
        assertThat(events.get(0).occurredAt()).isEqualTo(Instant.ofEpochMilli(1700000000100L));
        assertThat(events.get(1).propertyName()).isEqualTo("email");
        assertThat(events.get(1).propertyValue()).isEqualTo("Ada@Example.com");
        assertThat(events.get(2).primaryObjectId()).isEqualTo("11");
        assertThat(events.get(2).mergedObjectIds()).containsExactly("12", "13");
    }

    @Test
    void unknown_types_need_only_an_event_id_and_a_time() {
        List<HubSpotEvent> events = parse("""
                [{"eventId":9,"occurredAt":1,"subscriptionType":"deal.creation","dealId":5}]""");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.isSupported()).isFalse());
    }

    @Test
    void an_empty_array_is_an_empty_delivery() {
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void refuses_a_body_that_is_not_an_array_of_objects() {
        assertProblem("{\"eventId\":1}", 400, "malformed-request");
        assertProblem("[1]", 400, "invalid-request", "/0");
        assertProblem("[{\"eventId\":1,", 400, "malformed-request");
    }

    @Test
    void names_each_missing_or_wrong_field_by_pointer() {
        assertProblem("""
                [{"eventId":1,"occurredAt":1,"subscriptionType":"contact.creation"},\
                {"eventId":"","occurredAt":"yesterday","subscriptionType":"contact.propertyChange","objectId":5}]""",
                400, "invalid-request", "/0/objectId", "/1/eventId", "/1/occurredAt", "/1/propertyName");
    }

    @Test
    void refuses_more_events_than_the_batch_limit() {
        String body = array(List.of(hubspotCreation(1, 1, 1), hubspotCreation(2, 2, 1), hubspotCreation(3, 3, 1)));
        assertThatThrownBy(() -> HubSpotDeliveryParser.parse(body.getBytes(StandardCharsets.UTF_8), 2))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    private static List<HubSpotEvent> parse(String body) {
        return HubSpotDeliveryParser.parse(body.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static void assertProblem(String body, int status, String kind, String... fields) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.errors()).extracting(Problem.FieldError::field).contains(fields);
        });
    }
}
