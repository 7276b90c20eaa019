package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandoffApiClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HandoffApiClient client(FakeFunnelService handoff) {
        return new HandoffApiClient(new FunnelHttpClient(), handoff.url(), SalesTeam.REPS);
    }

    @Test
    void the_lists_and_the_team_assignments_are_made_as_a_sales_ops_lead() throws Exception {
        try (FakeFunnelService handoff = new FakeFunnelService(r -> FakeFunnelService.Answer.json(200,
                r.uri().getPath().equals("/routing") ? "{\"fallbackQueue\":\"emea\"}" : "[{\"leadId\":\"L1\"}]"))) {
            HandoffApiClient api = client(handoff);

            assertThat(api.fallbackQueue()).isEqualTo("emea");
            api.joinTeam("carla", "emea");
            List<JsonNode> mqls = api.handoffs("MQL");

            assertThat(mqls).extracting(h -> h.path("leadId").asText()).containsExactly("L1");
            List<FakeFunnelService.Request> requests = handoff.requests();
            assertThat(requests).extracting(r -> r.method() + " " + r.uri()).containsExactly("GET /routing",
                    "PUT /reps/carla", "GET /handoffs?status=MQL&limit=50");
            assertThat(requests.get(1).text()).isEqualTo("{\"team\":\"emea\"}");
            assertThat(requests.get(1).header("Content-Type")).isEqualTo("application/json");
            assertThat(requests).allSatisfy(r -> {
                JsonNode claims = claims(r);
                assertThat(claims.path("upn").asText()).isEqualTo("sales-ops-lead");
                assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly("sales-ops");
            });
        }
    }

    @Test
    void an_action_is_taken_as_the_rep() throws Exception {
        try (FakeFunnelService handoff = new FakeFunnelService(r -> FakeFunnelService.Answer.json(409,
                "{\"title\":\"Conflict\"}"))) {
            HandoffApi.Reply reply = client(handoff).act("bob", "L7", "reject",
                    JSON.createObjectNode().put("reason", "NO_BUDGET"));

            assertThat(reply).isEqualTo(new HandoffApi.Reply(409, "{\"title\":\"Conflict\"}"));
            FakeFunnelService.Request request = handoff.requests().get(0);
            assertThat(request.method() + " " + request.uri()).isEqualTo("POST /leads/L7/reject");
            assertThat(request.text()).isEqualTo("{\"reason\":\"NO_BUDGET\"}");
            assertThat(claims(request).path("upn").asText()).isEqualTo("bob");
            assertThat(claims(request).path("groups")).extracting(JsonNode::asText).containsExactly("sales");
        }
    }

    @Test
    void without_a_readable_routing_table_the_queue_is_inbound() throws Exception {
        try (FakeFunnelService handoff = new FakeFunnelService(r -> FakeFunnelService.Answer.json(403, "{}"))) {
            assertThat(client(handoff).fallbackQueue()).isEqualTo("inbound");
        }
        try (FakeFunnelService handoff = new FakeFunnelService(r -> FakeFunnelService.Answer.json(200, "{}"))) {
            assertThat(client(handoff).fallbackQueue()).isEqualTo("inbound");
        }
    }

    @Test
    void a_list_that_cannot_be_read_fails_the_round() {
        try (FakeFunnelService handoff = new FakeFunnelService(r -> FakeFunnelService.Answer.json(503, "{}"))) {
            assertThatThrownBy(() -> client(handoff).handoffs("SQL")).isInstanceOf(IOException.class)
                    .hasMessage("GET /handoffs?status=SQL answered 503");
        }
    }

    @Test
    void an_unreachable_service_is_named_without_the_query() {
        FakeFunnelService stopped = new FakeFunnelService(r -> FakeFunnelService.Answer.json(200, "[]"));
        String url = stopped.url();
        stopped.close();

        assertThatThrownBy(() -> new HandoffApiClient(new FunnelHttpClient(), url, SalesTeam.REPS).handoffs("MQL"))
                .isInstanceOf(IOException.class).hasMessage(url + "/handoffs is unreachable");
    }

    private static JsonNode claims(FakeFunnelService.Request request) throws IOException {
        String token = request.header("Authorization").substring("Bearer ".length());
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
