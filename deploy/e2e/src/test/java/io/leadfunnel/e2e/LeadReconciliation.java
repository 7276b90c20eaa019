package io.leadfunnel.e2e;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;

/**
 * What was sent against what the funnel stored, published and counted for one campaign: lead-service's stored leads,
 * the {@code LeadCaptured}, {@code LeadScored} and {@code HandoffAssigned} records on the topics, the leads
 * lead-service shows at MQL and metrics-service's {@code LEAD} and {@code MQL} figures. Each figure is awaited until
 * it matches what was sent (or its time is up); {@link #completeAt} says when all had matched.
 *
 * <p>Lost leads: the accepted leads missing from lead-service's store or from {@code lead.events}, or the shortfall
 * of metrics-service's {@code LEAD} or {@code MQL} count, whichever is larger. Double-counted leads: two deliveries
 * answered with one lead, leads stored or listed that were not sent or twice, leads with two {@code LeadCaptured}
 * (distinct event ids) or two hand-offs, or the excess of metrics-service's counts, whichever is larger.
 *
 * @param qualifying     accepted leads that qualify as MQL, or -1 when the case does not know
 * @param completeAt     {@link System#nanoTime()} when every figure matched, or 0 when one never did
 * @param discrepancies  what did not match, in words (empty when everything did)
 */
record LeadReconciliation(String campaign, int accepted, int stored, int captured, int scored, int qualifying,
        int leadServiceMql, int handedOff, int metricsLeads, int metricsMql, int lost, int doubleCounted,
        long completeAt, List<String> discrepancies) {

    private static final String OPS = TestTokens.forRole("e2e-faults", "sales-ops");
    private static final String READER = TestTokens.forRole("e2e-faults", "metrics-reader");

    /**
     * @param acceptedLeads   the lead ids the campaign's accepted deliveries were answered with
     * @param doubleAccepted  deliveries answered with a lead another delivery was answered with
     * @param qualifyingLeads the accepted leads that qualify as MQL, or null when the case does not know
     */
    static LeadReconciliation of(FunnelProcesses funnel, String campaign, Set<String> acceptedLeads,
            int doubleAccepted, Set<String> qualifyingLeads) {
        List<String> discrepancies = new ArrayList<>();
        boolean complete = true; // every figure matched: completeAt is when the last one did

        List<String> listed = listLeads(funnel, campaign, null);
        Set<String> stored = new HashSet<>(listed);
        Set<String> lostIds = new HashSet<>(acceptedLeads);
        lostIds.removeAll(stored);
        Set<String> doubleIds = new HashSet<>(stored);
        doubleIds.removeAll(acceptedLeads);
        int listedTwice = listed.size() - stored.size();
        if (!lostIds.isEmpty() || !doubleIds.isEmpty() || listedTwice > 0) {
            complete = false;
            discrepancies.add("lead-service stores " + stored.size() + " leads of the campaign (" + listedTwice
                    + " listed twice) for " + acceptedLeads.size() + " accepted: " + lostIds.size() + " missing, "
                    + doubleIds.size() + " not sent");
        }

        Set<String> ofInterest = new HashSet<>(acceptedLeads);
        ofInterest.addAll(stored);
        Map<String, Set<String>> captured = awaitCaptured(funnel, acceptedLeads, ofInterest);
        Set<String> notCaptured = new HashSet<>(acceptedLeads);
        notCaptured.removeAll(captured.keySet());
        lostIds.addAll(notCaptured);
        captured.forEach((lead, events) -> {
            if (events.size() > 1) {
                doubleIds.add(lead);
            }
        });
        long capturedTwice = captured.values().stream().filter(ids -> ids.size() > 1).count();
        if (!notCaptured.isEmpty() || capturedTwice > 0) {
            complete = false;
            discrepancies.add(notCaptured.size() + " accepted leads without LeadCaptured on lead.events, "
                    + capturedTwice + " with two (distinct event ids)");
        }

        int scored = awaitScored(funnel, acceptedLeads);
        if (scored != acceptedLeads.size()) {
            complete = false;
            discrepancies.add((acceptedLeads.size() - scored) + " accepted leads without LeadScored on lead.scores");
        }

        int expectedMql = qualifyingLeads == null ? -1 : qualifyingLeads.size();
        int leadServiceMql = -1;
        int handedOff = -1;
        if (qualifyingLeads != null) {
            leadServiceMql = awaitLeadServiceMql(funnel, campaign, expectedMql);
            if (leadServiceMql != expectedMql) {
                complete = false;
                discrepancies.add("lead-service shows " + leadServiceMql + " leads of the campaign at MQL, "
                        + expectedMql + " qualify");
            }
            Map<String, Set<String>> handoffs = awaitHandoffs(funnel, qualifyingLeads);
            handedOff = handoffs.size();
            int handedOffTwice = 0;
            for (Map.Entry<String, Set<String>> handoff : handoffs.entrySet()) {
                if (handoff.getValue().size() > 1) {
                    doubleIds.add(handoff.getKey());
                    handedOffTwice++;
                }
            }
            if (handedOff != expectedMql || handedOffTwice > 0) {
                complete = false;
                discrepancies.add(handedOff + " of " + expectedMql + " qualifying leads handed off (HandoffAssigned"
                        + " on lead.lifecycle), " + handedOffTwice + " handed off twice");
            }
        }

        Figures figures = awaitFigures(funnel, campaign, acceptedLeads.size(), expectedMql);
        if (figures.matchedAt() == 0) {
            complete = false;
        }
        if (figures.leads() != acceptedLeads.size() || (expectedMql >= 0 && figures.mql() != expectedMql)) {
            complete = false;
            discrepancies.add("metrics-service counts LEAD " + figures.leads() + " / MQL " + figures.mql()
                    + ", expected " + acceptedLeads.size() + " / " + (expectedMql < 0 ? "any" : expectedMql));
        }

        int lost = Math.max(lostIds.size(), Math.max(acceptedLeads.size() - figures.leads(),
                expectedMql < 0 ? 0 : expectedMql - figures.mql()));
        int doubled = Math.max(doubleIds.size() + listedTwice + doubleAccepted, Math.max(
                figures.leads() - acceptedLeads.size(), expectedMql < 0 ? 0 : figures.mql() - expectedMql));
        return new LeadReconciliation(campaign, acceptedLeads.size(), stored.size(), captured.size(), scored,
                expectedMql, leadServiceMql, handedOff, figures.leads(), figures.mql(), Math.max(0, lost),
                Math.max(0, doubled), complete ? figures.matchedAt() : 0, List.copyOf(discrepancies));
    }

    /** The figures as the fault report's columns name them. */
    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("expectedLeads", accepted);
        figures.put("leadsStored", stored);
        figures.put("leadCapturedEvents", captured);
        figures.put("leadsScored", scored);
        if (qualifying >= 0) {
            figures.put("leadServiceMql", leadServiceMql);
            figures.put("leadsHandedOff", handedOff);
            figures.put("expectedMql", qualifying);
        }
        figures.put("metricsLeads", metricsLeads);
        figures.put("metricsMql", metricsMql);
        figures.put("lost", lost);
        figures.put("doubleCounted", doubleCounted);
        return figures;
    }

    boolean matched() {
        return discrepancies.isEmpty();
    }

    /** Every lead of the campaign (at the stage, if given) lead-service lists, page by page. */
    static List<String> listLeads(FunnelProcesses funnel, String campaign, String stage) {
        List<String> ids = new ArrayList<>();
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
            Set<String> ofInterest) {
        TopicReader reader = new TopicReader(funnel.kafkaBootstrapServers());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Map<String, Set<String>> captured = Events.readAll(reader, Topics.LEAD_EVENTS).stream()
                    .filter(e -> e instanceof LeadCaptured && ofInterest.contains(e.leadId()))
                    .collect(Collectors.groupingBy(FunnelEvent::leadId,
                            Collectors.mapping(e -> e.eventId().toString(), Collectors.toSet())));
            if (captured.keySet().containsAll(accepted) || System.nanoTime() > deadline) {
                return captured;
            }
            FaultCheck.sleep(1000);
        }
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
            FaultCheck.sleep(1000);
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
            FaultCheck.sleep(1000);
        }
    }

    /**
     * Per qualifying lead that was handed off, its hand-offs routed by the definition (distinct hand-off ids; an SLA
     * escalation re-assigns the same lead and is not a second hand-off), once every qualifying lead has one (or after
     * 90 s).
     */
    private static Map<String, Set<String>> awaitHandoffs(FunnelProcesses funnel, Set<String> qualifying) {
        TopicReader reader = new TopicReader(funnel.kafkaBootstrapServers());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Map<String, Set<String>> handoffs = new HashMap<>();
            for (FunnelEvent event : Events.readAll(reader, Topics.LEAD_LIFECYCLE)) {
                if (event instanceof HandoffAssigned assigned && qualifying.contains(assigned.leadId())
                        && (assigned.routingRule() == null || !assigned.routingRule().startsWith("escalation"))) {
                    handoffs.computeIfAbsent(assigned.leadId(), k -> new HashSet<>()).add(assigned.handoffId());
                }
            }
            if (handoffs.keySet().containsAll(qualifying) || System.nanoTime() > deadline) {
                return handoffs;
            }
            FaultCheck.sleep(1000);
        }
    }

    /** metrics-service's figures for a campaign, and when they first matched ({@link System#nanoTime()}, or 0). */
    record Figures(int leads, int mql, long matchedAt) {
    }

    /**
     * metrics-service's LEAD and MQL counts for the campaign, once they match the expectation (or after 120 s); an
     * {@code mql} below 0 matches any MQL count.
     */
    static Figures awaitFigures(FunnelProcesses funnel, String campaign, int leads, int mql) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int[] last = {-1, -1};
        while (true) {
            int[] now = figuresOnce(funnel, campaign);
            if (now != null) {
                last = now;
            }
            if (last[0] == leads && (mql < 0 || last[1] == mql)) {
                long matchedAt = System.nanoTime();
                // settled figures: a double count would show up a moment later, so look once more
                FaultCheck.sleep(2000);
                int[] again = figuresOnce(funnel, campaign);
                int[] settled = again == null ? last : again;
                boolean still = settled[0] == leads && (mql < 0 || settled[1] == mql);
                return new Figures(settled[0], settled[1], still ? matchedAt : 0);
            }
            if (System.nanoTime() > deadline) {
                return new Figures(last[0], last[1], 0);
            }
            FaultCheck.sleep(1000);
        }
    }

    private static int[] figuresOnce(FunnelProcesses funnel, String campaign) {
        try {
            List<Map<String, Object>> stages = RestAssured.given().baseUri(funnel.baseUrl(METRICS)).auth()
                    .oauth2(READER).queryParam("groupBy", "campaign").get("/funnel").then().statusCode(200)
                    .extract().jsonPath().getList("groups.find { it.value == '" + campaign + "' }.stages");
            if (stages == null) {
                return null;
            }
            Map<Object, Object> reached = stages.stream()
                    .collect(Collectors.toMap(s -> s.get("stage"), s -> s.get("reached")));
            return new int[] {((Number) reached.get("LEAD")).intValue(), ((Number) reached.get("MQL")).intValue()};
        } catch (RuntimeException | AssertionError e) {
            return null; // metrics-service restarting: keep asking
        }
    }
}
