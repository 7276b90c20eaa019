package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LeadWebhooksTest {

    private final FeedLog log = new FeedLog();

    @Test
    void a_json_answer_gets_its_status_and_a_replay_header_becomes_replayed() throws Exception {
        JsonNode answer = LeadWebhooks.answer(202, "{\"leads\":[\"L1\"],\"duplicate\":false}", true);

        assertThat(answer.path("status").asInt()).isEqualTo(202);
        assertThat(answer.path("leads").get(0).asText()).isEqualTo("L1");
        assertThat(answer.path("replayed").asBoolean()).isTrue();
        assertThat(LeadWebhooks.answer(200, "{}", false).has("replayed")).isFalse();
    }

    @Test
    void a_soap_acknowledgement_becomes_ack() throws Exception {
        assertThat(LeadWebhooks.answer(200, "<soapenv:Envelope><Ack>true</Ack></soapenv:Envelope>", false)
                .path("ack").asBoolean()).isTrue();
        assertThat(LeadWebhooks.answer(500, "Internal Server Error", false).path("ack").asBoolean()).isFalse();
        assertThat(LeadWebhooks.answer(204, null, false).path("ack").asBoolean()).isFalse();
    }

    @Test
    void brief_says_status_lead_and_duplicate_or_the_problem() throws Exception {
        assertThat(LeadWebhooks.brief(null)).isEqualTo("no answer");
        assertThat(LeadWebhooks.brief(LeadWebhooks.answer(200, "{\"leads\":[\"L1\"]}", false)))
                .isEqualTo("200 lead L1");
        assertThat(LeadWebhooks.brief(LeadWebhooks.answer(200, "{\"leads\":[\"L1\"],\"duplicate\":true}", false)))
                .isEqualTo("200 lead L1 (duplicate)");
        assertThat(LeadWebhooks.brief(LeadWebhooks.answer(200, "<Ack>true</Ack>", false))).isEqualTo("200 ack");
        assertThat(LeadWebhooks.brief(LeadWebhooks.answer(401,
                "{\"title\":\"Unauthorized\",\"detail\":\"bad signature\"}", false)))
                .isEqualTo("401 Unauthorized bad signature");
    }

    @Test
    void a_replay_is_absorbed_when_it_names_the_same_lead_as_duplicate_or_replayed() throws Exception {
        JsonNode first = LeadWebhooks.answer(200, "{\"leads\":[\"L1\"]}", false);

        assertThat(LeadWebhooks.isAbsorbed(first, LeadWebhooks.answer(200, "{\"leads\":[\"L1\"],\"duplicate\":true}",
                false))).isTrue();
        assertThat(LeadWebhooks.isAbsorbed(first, LeadWebhooks.answer(200, "{\"leads\":[\"L1\"]}", true))).isTrue();
        assertThat(LeadWebhooks.isAbsorbed(first, LeadWebhooks.answer(200, "{\"leads\":[\"L1\"]}", false))).isFalse();
        assertThat(LeadWebhooks.isAbsorbed(first, LeadWebhooks.answer(200, "{\"leads\":[\"L2\"],\"duplicate\":true}",
                false))).isFalse();
        assertThat(LeadWebhooks.isAbsorbed(first, LeadWebhooks.answer(409, "{\"leads\":[\"L1\"],\"duplicate\":true}",
                false))).isFalse();
        assertThat(LeadWebhooks.isAbsorbed(first, null)).isFalse();
    }

    @Test
    void the_log_says_whether_a_replay_was_absorbed() throws Exception {
        LeadWebhooks webhooks = new LeadWebhooks(new FunnelHttpClient(), log.report);
        JsonNode first = LeadWebhooks.answer(200, "{\"leads\":[\"L1\"]}", false);

        webhooks.absorbed("retry", first, LeadWebhooks.answer(200, "{\"leads\":[\"L1\"]}", true));
        webhooks.absorbed("again", first, LeadWebhooks.answer(200, "{\"leads\":[\"L3\"]}", false));

        assertThat(log.lines()).containsExactly("  = retry: absorbed (200, same lead, no new lead)",
                "  ! again: NOT absorbed: 200 lead L3");
        assertThat(log.report.get("absorbed")).isEqualTo(1);
    }

    @Test
    void an_answer_other_than_2xx_counts_as_an_error() throws Exception {
        try (FakeFunnelService lead = new FakeFunnelService(r -> FakeFunnelService.Answer.json(
                r.uri().getPath().endsWith("bad") ? 422 : 200, "{\"title\":\"t\"}"))) {
            LeadWebhooks webhooks = new LeadWebhooks(new FunnelHttpClient(), log.report);

            webhooks.post(HttpRequest.newBuilder(URI.create(lead.url() + "/webhooks/good")), new byte[0]);
            JsonNode answer = webhooks.post(HttpRequest.newBuilder(URI.create(lead.url() + "/webhooks/bad")),
                    "{}".getBytes(StandardCharsets.UTF_8));

            assertThat(answer.path("status").asInt()).isEqualTo(422);
            assertThat(log.report.get("errors")).isEqualTo(1);
            assertThat(lead.requests()).extracting(FakeFunnelService.Request::method).containsOnly("POST");
        }
    }
}
