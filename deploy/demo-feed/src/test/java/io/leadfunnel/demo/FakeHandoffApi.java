package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * handoff-service as the sales team sees it: hand-offs move on when an action succeeds; a lead whose id ends in 3
 * belongs to someone else, so every action on it is refused.
 */
final class FakeHandoffApi implements HandoffApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, List<String[]>> stages = new HashMap<>(Map.of("MQL", new ArrayList<>(),
            "SAL", new ArrayList<>(), "SQL", new ArrayList<>()));
    final Map<String, String> teams = new LinkedHashMap<>();
    final List<String> actions = new ArrayList<>();
    final List<ObjectNode> bodies = new ArrayList<>();
    int lists;

    FakeHandoffApi with(String stage, String lead, String owner) {
        stages.get(stage).add(new String[]{lead, owner});
        return this;
    }

    @Override
    public String fallbackQueue() {
        return "inbound-eu";
    }

    @Override
    public void joinTeam(String rep, String team) {
        teams.put(rep, team);
    }

    @Override
    public List<JsonNode> handoffs(String stage) {
        lists++;
        List<JsonNode> list = new ArrayList<>();
        for (String[] h : stages.get(stage)) {
            list.add(JSON.createObjectNode().put("leadId", h[0]).put("owner", h[1]));
        }
        return list;
    }

    @Override
    public Reply act(String rep, String lead, String action, ObjectNode body) {
        actions.add(rep + " " + action + " " + lead);
        bodies.add(body);
        if (lead.endsWith("3")) {
            return new Reply(409, "{\"title\":\"Conflict\"}");
        }
        switch (action) {
            case "accept" -> move(lead, "MQL", "SAL");
            case "reject" -> move(lead, "MQL", null);
            case "qualify" -> move(lead, "SAL", "SQL");
            default -> {
                move(lead, "SAL", null);
                move(lead, "SQL", null);
            }
        }
        return new Reply(200, "{}");
    }

    private void move(String lead, String from, String to) {
        stages.get(from).stream().filter(h -> h[0].equals(lead)).findFirst().ifPresent(h -> {
            stages.get(from).remove(h);
            if (to != null) {
                stages.get(to).add(h);
            }
        });
    }
}
