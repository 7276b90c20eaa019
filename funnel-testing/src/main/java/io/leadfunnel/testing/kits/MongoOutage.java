package io.leadfunnel.testing.kits;

import io.leadfunnel.testing.FunnelInfrastructure;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB taken away from a running service: readiness goes DOWN and every call answers 503 problem+json with
 * {@code Retry-After} (never a 4xx a sender would not retry, never a 500); MongoDB back: readiness comes UP and the
 * service answers again by itself. Each service lists every endpoint it has, with a request that would succeed.
 * <pre>
 * MongoOutage.check(infra, readiness, calls, () -> api().get("/models").then().statusCode(200));
 * </pre>
 */
public final class MongoOutage {

    private MongoOutage() {
    }

    /**
     * Runs the outage: {@code calls} (name to request) are sent side by side while MongoDB is down; {@code recovered}
     * must pass within 30 s once readiness is UP again.
     */
    public static void check(FunnelInfrastructure infra, URL readiness, Map<String, Supplier<Response>> calls,
                             Runnable recovered) {
        RestAssured.given().get(readiness).then().statusCode(200);
        infra.stopMongo();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    RestAssured.given().get(readiness).then().statusCode(503));
            Map<String, CompletableFuture<Response>> answers = new LinkedHashMap<>();
            calls.forEach((name, call) -> answers.put(name, CompletableFuture.supplyAsync(call)));
            answers.forEach((name, answer) -> assertRetryable(name, answer.join()));
        } finally {
            infra.startMongo();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                RestAssured.given().get(readiness).then().statusCode(200));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(recovered::run);
    }

    /** A 503 problem with a positive whole {@code Retry-After}. */
    public static void assertRetryable(String name, Response answer) {
        assertThat(answer.statusCode()).as(name + ": " + answer.asString()).isEqualTo(503);
        assertThat(answer.contentType()).as(name).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).as(name + " Retry-After").matches("[1-9][0-9]*");
    }
}
