package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import io.leadfunnel.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;
import static io.leadfunnel.testing.FunnelProcesses.Service.SCORING;

/**
 * Under one steady load, each service is killed with SIGKILL and restarted, one at a time: lead-service,
 * handoff-service, metrics-service in the middle of a {@code POST /admin/rebuild}, and scoring-service in the middle
 * of the re-scoring that a model activation starts. In the end every accepted delivery is one lead and one
 * LeadCaptured, the figures are exact, the interrupted re-scoring has finished and a new rebuild completes.
 */
@ExtendWith(FunnelExtension.class)
class ServiceCrashFaultIT {

    private static final String ADMIN = TestTokens.forRole("e2e-admin", "admin");

    @Test
    void each_service_killed_mid_load_one_at_a_time(FunnelProcesses funnel) {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        try (SteadyLoad load = SteadyLoad.start(funnel, "fault-kill-" + UUID.randomUUID().toString().substring(0, 8))) {
            load.beginPhase("before");
            FaultCheck.sleep(3_000);
            load.endPhase("before");

            // metrics-service and scoring-service are killed below, in the middle of their admin actions
            for (Service service : List.of(Service.LEAD, Service.HANDOFF)) {
                String phase = service.module() + " killed";
                load.beginPhase(phase);
                long killed = System.nanoTime();
                funnel.kill(service);
                funnel.restart(service);
                details.put(phase + ", back ready after", (System.nanoTime() - killed) / 1_000_000 / 1000.0 + " s");
                FaultCheck.sleep(1_000);
                load.endPhase(phase);
            }

            // metrics-service killed while it replays the topics into a new store
            load.beginPhase("metrics-service killed during a rebuild");
            JsonPath started = RestAssured.given().baseUri(funnel.baseUrl(METRICS)).auth().oauth2(ADMIN)
                    .post("/admin/rebuild").then().statusCode(202).extract().jsonPath();
            funnel.kill(METRICS); // at once: the replay has just begun
            details.put("rebuild state when killed", started.getString("state"));
            funnel.restart(METRICS);
            details.put("rebuild state after the restart", rebuildState(funnel));
            FaultCheck.sleep(2_000);
            load.endPhase("metrics-service killed during a rebuild");

            // scoring-service killed while it re-scores the stored leads after a model activation
            load.beginPhase("scoring-service killed during a model re-scoring");
            int version = activateCopyOfActiveModel(funnel);
            JsonPath before = rescoring(funnel, version);
            details.put("re-scoring when killed", before.getString("status") + ", " + before.getInt("done")
                    + " of " + before.getInt("total") + " leads");
            if (!"running".equals(before.getString("status"))) {
                failures.add("the re-scoring was not running when scoring-service was killed: " + before.prettify());
            }
            funnel.kill(SCORING);
            funnel.restart(SCORING);
            FaultCheck.sleep(2_000);
            load.endPhase("scoring-service killed during a model re-scoring");
            load.stop(); // the last fault is over; what follows only waits for the admin actions to finish

            JsonPath after = awaitRescoringDone(funnel, version);
            details.put("re-scoring after the restart", after.getString("status") + ", " + after.getInt("done")
                    + " of " + after.getInt("total") + " leads, " + after.getInt("remaining") + " remaining");
            if (!"done".equals(after.getString("status")) || after.getInt("remaining") != 0) {
                failures.add("the interrupted re-scoring did not finish: " + after.prettify());
            }

            // and a rebuild started afterwards completes
            RestAssured.given().baseUri(funnel.baseUrl(METRICS)).auth().oauth2(ADMIN).post("/admin/rebuild")
                    .then().statusCode(202);
            String rebuilt = awaitRebuildFinished(funnel);
            details.put("rebuild started after the restarts", rebuilt);
            if (!rebuilt.startsWith("done")) {
                failures.add("a rebuild after the crash did not complete: " + rebuilt);
            }

            FaultCheck.verify(funnel, load, FaultReport.KILLS,
                    "ServiceCrashFaultIT.each_service_killed_mid_load_one_at_a_time", details, failures);
        }
    }

    private static String rebuildState(FunnelProcesses funnel) {
        JsonPath status = RestAssured.given().baseUri(funnel.baseUrl(METRICS)).auth().oauth2(ADMIN)
                .get("/admin/rebuild").then().statusCode(200).extract().jsonPath();
        return status.getString("state") + " (" + status.getLong("records") + " records)";
    }

    private static String awaitRebuildFinished(FunnelProcesses funnel) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String state = rebuildState(funnel);
        while (state.startsWith("running") && System.nanoTime() < deadline) {
            FaultCheck.sleep(1_000);
            state = rebuildState(funnel);
        }
        return state;
    }

    /** Drafts a copy of the active model (same rules, so the same scores) and activates it: 202, re-scoring runs. */
    private static int activateCopyOfActiveModel(FunnelProcesses funnel) {
        Map<String, Object> active = RestAssured.given().baseUri(funnel.baseUrl(SCORING)).auth().oauth2(ADMIN)
                .get("/models/active").then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> draft = new LinkedHashMap<>();
        for (String field : List.of("fitRules", "activityRules", "halfLifeDays", "horizonDays", "fitWeight",
                "engagementWeight", "gradeBasis", "gradeBands", "mqlThreshold")) {
            draft.put(field, active.get(field));
        }
        draft.put("description", "fault suite: the active rules again, to re-score every lead");
        int version = RestAssured.given().baseUri(funnel.baseUrl(SCORING)).auth().oauth2(ADMIN)
                .contentType("application/json").body(draft).post("/models").then().statusCode(201).extract()
                .path("version");
        RestAssured.given().baseUri(funnel.baseUrl(SCORING)).auth().oauth2(ADMIN)
                .post("/models/" + version + "/activate").then().statusCode(202);
        return version;
    }

    private static JsonPath rescoring(FunnelProcesses funnel, int version) {
        return RestAssured.given().baseUri(funnel.baseUrl(SCORING)).auth().oauth2(ADMIN)
                .get("/models/" + version + "/rescoring").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitRescoringDone(FunnelProcesses funnel, int version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonPath progress = rescoring(funnel, version);
        while (!"done".equals(progress.getString("status")) && System.nanoTime() < deadline) {
            FaultCheck.sleep(1_000);
            progress = rescoring(funnel, version);
        }
        return progress;
    }
}
