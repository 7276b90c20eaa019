package io.leadfunnel.e2e;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end check of every fault case: accepted deliveries = stored leads = published {@code LeadCaptured} events (one
 * per lead), and metrics-service's figures for the load's campaign exactly the expected counts. It writes the figures
 * to the fault report before asserting, so a failed case is reported with its numbers.
 */
final class FaultCheck {

    private static final String OPS = TestTokens.forRole("e2e-faults", "sales-ops");
    private static final String READER = TestTokens.forRole("e2e-faults", "metrics-reader");

    private FaultCheck() {
    }

    /**
     * Stops the load, checks the figures, records them under {@code fault} and asserts them.
     *
     * @param details  what else the test observed during the fault (status codes, readiness), reported as is
     * @param failures what the test itself found wrong during the fault (reported, and failing the case)
     */
    static void verify(FunnelProcesses funnel, SteadyLoad load, String fault, String test,
            Map<String, Object> details, List<String> failures) {
        load.stop();
        Map<Integer, String> accepted = load.accepted();
        Set<String> acceptedLeads = new HashSet<>(accepted.values());
        int doubleAccepted = accepted.size() - acceptedLeads.size();

        List<String> listed = listLeads(funnel, load.campaign);
        Set<String> stored = new HashSet<>(listed);
        int lost = (int) acceptedLeads.stream().filter(id -> !stored.contains(id)).count();
        int extraStored = (int) stored.stream().filter(id -> !acceptedLeads.contains(id)).count()
                + (listed.size() - stored.size());

        Map<String, Set<String>> captured = awaitCaptured(funnel, acceptedLeads, stored);
        int capturedLeads = captured.size();
        int capturedTwice = (int) captured.values().stream().filter(ids -> ids.size() > 1).count();
        int notCaptured = (int) acceptedLeads.stream().filter(id -> !captured.containsKey(id)).count();

        int expectedMql = load.qualifyingAccepted();
        int scored = awaitScored(funnel, acceptedLeads);
        int leadServiceMql = awaitLeadServiceMql(funnel, load.campaign, expectedMql);
        int[] figures = awaitFigures(funnel, load.campaign, acceptedLeads.size(), expectedMql);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("fault", fault);
        record.put("test", test);
        record.put("loadSeconds", load.seconds());
        record.put("offeredPerSecond", load.offeredPerSecond());
        record.put("acceptedPerSecond", load.acceptedPerSecond());
        record.put("phases", phases(load));
        record.put("deliveriesOffered", load.offered());
        record.put("deliveriesAccepted", accepted.size());
        record.put("attempts", load.attempts.get());
        record.put("connectionFailures", load.connectionFailures.get());
        record.put("status5xx", load.status5xx.get());
        record.put("status503", load.status503.get());
        record.put("status503WithoutRetryAfter", load.status503WithoutRetryAfter.get());
        record.put("status429", load.status429.get());
        record.put("refused4xx", load.refusals().size());
        record.put("leadsStored", stored.size());
        record.put("leadCapturedEvents", capturedLeads);
        record.put("leadsScored", scored);
        record.put("leadServiceMql", leadServiceMql);
        record.put("metricsLeads", figures[0]);
        record.put("metricsMql", figures[1]);
        record.put("expectedMql", expectedMql);
        int lostTotal = lost + notCaptured + Math.max(0, acceptedLeads.size() - figures[0]);
        int doubleTotal = doubleAccepted + extraStored + capturedTwice + Math.max(0, figures[0] - acceptedLeads.size());
        record.put("lost", lostTotal);
        record.put("doubleCounted", doubleTotal);
        record.putAll(details);
        boolean passed = failures.isEmpty() && load.refusals().isEmpty()
                && load.status503WithoutRetryAfter.get() == 0 && lostTotal == 0
                && doubleTotal == 0 && accepted.size() == load.offered() && figures[0] == acceptedLeads.size()
                && figures[1] == expectedMql && scored == acceptedLeads.size() && leadServiceMql == expectedMql;
        record.put("passed", passed);
        FaultReport.record(record);

        assertThat(failures).as("found during the fault").isEmpty();
        assertThat(load.refusals()).as("deliveries refused with a 4xx a CRM would not retry").isEmpty();
        assertThat(load.status503WithoutRetryAfter.get()).as("503 answers without Retry-After").isZero();
        assertThat(accepted).as("every offered delivery accepted in the end").hasSize(load.offered());
        assertThat(doubleAccepted).as("deliveries answered with the same lead").isZero();
        assertThat(stored).as("leads stored for the campaign").isEqualTo(acceptedLeads);
        assertThat(listed).as("no lead listed twice").hasSameSizeAs(stored);
        assertThat(notCaptured).as("accepted leads without LeadCaptured").isZero();
        assertThat(capturedLeads).as("leads with a LeadCaptured").isEqualTo(acceptedLeads.size());
        assertThat(capturedTwice).as("leads captured twice (distinct event ids)").isZero();
        assertThat(scored).as("accepted leads scored by scoring-service (a LeadScored on lead.scores)")
                .isEqualTo(acceptedLeads.size());
        assertThat(leadServiceMql).as("leads lead-service shows at MQL (its lifecycle consumer)").isEqualTo(expectedMql);
        assertThat(figures).as("metrics-service LEAD and MQL figures of " + load.campaign)
                .containsExactly(acceptedLeads.size(), expectedMql);
    }

    private static Map<String, Object> phases(SteadyLoad load) {
        Map<String, Object> phases = new LinkedHashMap<>();
        Map<String, Double> seconds = load.phaseSeconds();
        load.phaseRates().forEach((name, rate) -> phases.put(name,
                Map.of("seconds", seconds.get(name), "acceptedPerSecond", rate)));
        return phases;
    }

    /** How many of the accepted leads have a LeadScored, once all have (or after 90 s). */
    private static int awaitScored(FunnelProcesses funnel, Set<String> accepted) {
        TopicReader reader = new TopicReader(funnel.kafkaBootstrapServers());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Set<String> scored = Events.readAll(reader, Topics.LEAD_SCORES).stream()
                    .filter(e -> e instanceof LeadScored && accepted.contains(e.leadId()))
                    .map(FunnelEvent::leadId).collect(Collectors.toSet());
            if (scored.size() == accepted.size() || System.nanoTime() > deadline) {
                return scored.size();
            }
            sleep(1000);
        }
    }

    /** How many leads of the campaign lead-service shows at MQL, once as many as expected (or after 60 s). */
    private static int awaitLeadServiceMql(FunnelProcesses funnel, String campaign, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            int mql = listLeads(funnel, campaign, "MQL").size();
            if (mql == expected || System.nanoTime() > deadline) {
                return mql;
            }
            sleep(1000);
        }
    }

    static List<String> listLeads(FunnelProcesses funnel, String campaign) {
        return listLeads(funnel, campaign, null);
    }

    /** Every lead of the campaign (at the stage, if given) lead-service lists, page by page. */
    static List<String> listLeads(FunnelProcesses funnel, String campaign, String stage) {
        List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var request = RestAssured.given().baseUri(funnel.baseUrl(LEAD)).auth().oauth2(OPS)
                    .queryParam("campaign", campaign).queryParam("limit", 200);
            if (stage != null) {
                request.queryParam("stage", stage);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/leads").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    /** Distinct LeadCaptured event ids per lead of interest, once every accepted lead has one (or after 90 s). */
    private static Map<String, Set<String>> awaitCaptured(FunnelProcesses funnel, Set<String> accepted,
            Set<String> stored) {
        TopicReader reader = new TopicReader(funnel.kafkaBootstrapServers());
        Set<String> ofInterest = new HashSet<>(accepted);
        ofInterest.addAll(stored);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<String, Set<String>> captured = new HashMap<>();
        while (true) {
            captured = Events.readAll(reader, Topics.LEAD_EVENTS).stream()
                    .filter(e -> e instanceof LeadCaptured && ofInterest.contains(e.leadId()))
                    .collect(Collectors.groupingBy(FunnelEvent::leadId,
                            Collectors.mapping(e -> e.eventId().toString(), Collectors.toSet())));
            if (captured.keySet().containsAll(accepted) || System.nanoTime() > deadline) {
                return captured;
            }
            sleep(1000);
        }
    }

    /** metrics-service's LEAD and MQL counts for the campaign, once they match the expectation (or after 120 s). */
    static int[] awaitFigures(FunnelProcesses funnel, String campaign, int leads, int mql) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int[] last = {-1, -1};
        while (true) {
            try {
                JsonPath figures = RestAssured.given().baseUri(funnel.baseUrl(METRICS)).auth().oauth2(READER)
                        .queryParam("groupBy", "campaign").get("/funnel").then().statusCode(200).extract()
                        .jsonPath();
                List<Map<String, Object>> stages = figures.getList(
                        "groups.find { it.value == '" + campaign + "' }.stages");
                if (stages != null) {
                    Map<Object, Object> reached = stages.stream()
                            .collect(Collectors.toMap(s -> s.get("stage"), s -> s.get("reached")));
                    last = new int[] {((Number) reached.get("LEAD")).intValue(),
                            ((Number) reached.get("MQL")).intValue()};
                }
            } catch (RuntimeException | AssertionError e) {
                // metrics-service restarting: keep asking
            }
            if ((last[0] == leads && last[1] == mql) || System.nanoTime() > deadline) {
                // settled figures: a double count would show up a moment later, so look once more
                if (last[0] == leads && last[1] == mql) {
                    sleep(2000);
                    int[] again = awaitFiguresOnce(funnel, campaign);
                    return again == null ? last : again;
                }
                return last;
            }
            sleep(1000);
        }
    }

    private static int[] awaitFiguresOnce(FunnelProcesses funnel, String campaign) {
        try {
            List<Map<String, Object>> stages = RestAssured.given().baseUri(funnel.baseUrl(METRICS)).auth()
                    .oauth2(READER).queryParam("groupBy", "campaign").get("/funnel").then().statusCode(200)
                    .extract().jsonPath().getList("groups.find { it.value == '" + campaign + "' }.stages");
            Map<Object, Object> reached = stages.stream()
                    .collect(Collectors.toMap(s -> s.get("stage"), s -> s.get("reached")));
            return new int[] {((Number) reached.get("LEAD")).intValue(), ((Number) reached.get("MQL")).intValue()};
        } catch (RuntimeException | AssertionError e) {
            return null;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void join(Thread thread) {
        try {
            thread.join(200_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
