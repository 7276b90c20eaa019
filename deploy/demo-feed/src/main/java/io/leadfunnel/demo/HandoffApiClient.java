package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadfunnel.testing.TestTokens;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * handoff-service's API over HTTP, with tokens from the development key: the lists and the team assignments as a
 * sales-ops lead, each action as the rep who takes it, since a rep may act only on their own and their team's
 * hand-offs.
 */
final class HandoffApiClient implements HandoffApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunnelHttpClient http;
    private final String handoffUrl;
    private final String opsToken = TestTokens.forRole("sales-ops-lead", "sales-ops");
    private final Map<String, String> tokens = new HashMap<>();

    HandoffApiClient(FunnelHttpClient http, String handoffUrl, List<String> reps) {
        this.http = http;
        this.handoffUrl = handoffUrl;
        for (String rep : reps) {
            tokens.put(rep, TestTokens.forRole(rep, "sales"));
        }
    }

    @Override
    public String fallbackQueue() throws IOException, InterruptedException {
        HttpResponse<String> table = http.get(handoffUrl + "/routing", opsToken);
        return table.statusCode() == 200
                ? JSON.readTree(table.body()).path("fallbackQueue").asText("inbound") : "inbound";
    }

    @Override
    public void joinTeam(String rep, String team) throws IOException, InterruptedException {
        http.put(handoffUrl + "/reps/" + rep, opsToken, "{\"team\":\"" + team + "\"}");
    }

    @Override
    public List<JsonNode> handoffs(String stage) throws IOException, InterruptedException {
        HttpResponse<String> r = http.get(handoffUrl + "/handoffs?status=" + stage + "&limit=50", opsToken);
        if (r.statusCode() != 200) {
            throw new IOException("GET /handoffs?status=" + stage + " answered " + r.statusCode());
        }
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(r.body()).forEach(list::add);
        return list;
    }

    @Override
    public Reply act(String rep, String lead, String action, ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.post(handoffUrl + "/leads/" + lead + "/" + action, tokens.get(rep),
                JSON.writeValueAsString(body));
        return new Reply(r.statusCode(), r.body());
    }
}
