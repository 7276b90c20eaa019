package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The simulated sales team working the hand-offs every 2 s: accepts about 80 % of the MQLs and rejects the rest with
 * a reason, qualifies about 85 % of the accepted ones with a full checklist and closes the rest lost, and closes SQLs
 * about 65 % won and 35 % lost. Each lead is decided once per stage; the decisions follow the dice.
 */
final class SalesTeam {

    static final List<String> REPS = List.of("alice", "bob", "carla", "deniz");
    private static final List<String> STAGES = List.of("MQL", "SAL", "SQL");
    /** A round's budget: hand-offs looked at, skipped ones included. */
    static final int ACTIONS_PER_ROUND = 20;
    private static final String[] REJECT = {"NOT_A_FIT", "NO_BUDGET", "TOO_EARLY", "BAD_CONTACT_DATA", "COMPETITOR"};
    private static final String[] LOST = {"chose a competitor", "no budget this year", "project cancelled",
            "went quiet after the demo"};
    /** One currency: the shared revenue figures add amounts up as they are. */
    private static final String[] CURRENCY = {"EUR"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HandoffApi api;
    private final Random dice;
    private final FeedReport report;
    private final Set<String> decided = new HashSet<>();

    SalesTeam(HandoffApi api, Random dice, FeedReport report) {
        this.api = api;
        this.dice = dice;
        this.report = report;
    }

    /** Registers the reps, then works a round every 2 s until {@code end} or an interrupt. */
    void work(Instant end) {
        try {
            joinTheInboundQueue();
        } catch (IOException | RuntimeException e) {
            report.log("  ! sales team: could not register the reps: %s", e.getMessage());
        } catch (InterruptedException e) {
            return;
        }
        int rounds = 0;
        while (Instant.now().isBefore(end) && rounds++ < 10_000 && !Thread.currentThread().isInterrupted()) {
            try {
                round();
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                report.count("errors");
                report.log("  ! sales team: %s", e.getMessage());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * Registers the reps in the team named after the fallback queue: a rep may only act on their own hand-offs
     * and on their team's queue, and with no routing rules every lead waits in that queue.
     */
    void joinTheInboundQueue() throws IOException, InterruptedException {
        String queue = api.fallbackQueue();
        for (String rep : REPS) {
            api.joinTeam(rep, queue);
        }
        report.log("sales team: %s work the %s queue", String.join(", ", REPS), queue);
    }

    /** One step per lead and round, since a rep takes a moment per stage; MQLs first, then SALs, then SQLs. */
    void round() throws IOException, InterruptedException {
        int actions = 0;
        Set<String> touched = new HashSet<>();
        for (String stage : STAGES) {
            for (JsonNode h : api.handoffs(stage)) {
                if (actions++ >= ACTIONS_PER_ROUND) {
                    return;
                }
                String lead = h.path("leadId").asText();
                if (touched.contains(lead) || !decided.add(stage + ":" + lead)) {
                    continue;
                }
                touched.add(lead);
                String rep = rep(h);
                switch (stage) {
                    case "MQL" -> triage(rep, lead);
                    case "SAL" -> qualify(rep, lead);
                    default -> close(rep, lead);
                }
            }
        }
    }

    private void triage(String rep, String lead) throws IOException, InterruptedException {
        if (dice.nextDouble() < 0.8) {
            act(rep, lead, "accept", JSON.createObjectNode(), "accepted", "SAL");
        } else {
            String reason = REJECT[dice.nextInt(REJECT.length)];
            ObjectNode body = JSON.createObjectNode().put("reason", reason)
                    .put("note", "demo: " + reason.toLowerCase(Locale.ROOT).replace('_', ' '));
            act(rep, lead, "reject", body, "rejected", "RECYCLED (" + reason + ")");
        }
    }

    private void qualify(String rep, String lead) throws IOException, InterruptedException {
        if (dice.nextDouble() < 0.85) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("checklist")
                    .put("BUYING_CENTER", "CFO signs, Head of IT and VP Sales evaluate")
                    .put("BUYING_CYCLE_POSITION", "comparing two vendors")
                    .put("BUDGET", (20 + dice.nextInt(80)) + "k approved for next quarter")
                    .put("TIMELINE", "decision within " + (2 + dice.nextInt(10)) + " weeks")
                    .put("OBSTACLES", "data migration from the old CRM")
                    .put("MAIN_COMPETITOR", dice.nextBoolean() ? "Acme Funnels" : "none named");
            act(rep, lead, "qualify", body, "qualified", "SQL");
        } else {
            ObjectNode body = JSON.createObjectNode().put("outcome", "LOST")
                    .put("reason", LOST[dice.nextInt(LOST.length)]);
            act(rep, lead, "close", body, "lost", "LOST before SQL");
        }
    }

    private void close(String rep, String lead) throws IOException, InterruptedException {
        if (dice.nextDouble() < 0.65) {
            int amount = (5 + dice.nextInt(95)) * 1000;
            String currency = CURRENCY[dice.nextInt(CURRENCY.length)];
            ObjectNode body = JSON.createObjectNode().put("outcome", "WON").put("amount", amount)
                    .put("currency", currency);
            if (act(rep, lead, "close", body, "won", "WON " + amount + " " + currency)) {
                report.count("wonAmount", amount);
            }
        } else {
            ObjectNode body = JSON.createObjectNode().put("outcome", "LOST")
                    .put("reason", LOST[dice.nextInt(LOST.length)]);
            act(rep, lead, "close", body, "lost", "LOST");
        }
    }

    /** The hand-off's owner when it is one of the team, else any rep (the lead waits in the team's queue). */
    private String rep(JsonNode handoff) {
        String owner = handoff.path("owner").asText("");
        return REPS.contains(owner) ? owner : REPS.get(dice.nextInt(REPS.size()));
    }

    private boolean act(String rep, String lead, String action, ObjectNode body, String counter, String result)
            throws IOException, InterruptedException {
        HandoffApi.Reply r = api.act(rep, lead, action, body);
        if (r.status() / 100 == 2) {
            report.count(counter);
            report.log("sales     %-6s %-8s lead %s -> %s", rep, action, lead, result);
            return true;
        }
        report.count("refused");
        report.log("sales     %-6s %-8s lead %s -> %d %s", rep, action, lead, r.status(),
                FeedReport.trim(r.body(), 160));
        return false;
    }
}
