package io.leadfunnel.metrics;

import io.leadfunnel.metrics.scenario.ExpectedFigures;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acceptance 1 and 2: the golden scenario fed through the real broker (topic after topic, lifecycle first, newest
 * first) and read back over REST, every figure as in {@code golden/expected.md}; then every event again, lead by lead
 * in business order, with identical figures.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class GoldenScenarioTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    MeterRegistry registry;

    static String funnel(String endpoint, String extra) {
        return given().auth().oauth2(TestTokens.forRole("mia", "metrics-reader"))
                .accept("application/json")
                .when().get("/funnel" + endpoint + "?" + GoldenScenario.QUERY + extra)
                .then().statusCode(200).extract().asString();
    }

    /** Waits until the consumers have caught up with the scenario and every figure matches. */
    static void awaitGoldenFigures() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> ExpectedFigures.assertAll(e -> funnel(e, "")));
    }

    double duplicates() {
        return registry.find("funnel.consumed").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void everyFigureOfTheGoldenScenarioMatchesThroughTheBroker() {
        GoldenFeed.publishOnce(infrastructure);

        awaitGoldenFigures();

        ExpectedFigures.assertAll(e -> funnel(e, ""));
        ExpectedFigures.assertBySource(ExpectedFigures.parse(funnel("", "&groupBy=source")));
    }

    @Test
    void everyEventDuplicatedAndTheTopicsInterleavedDifferentlyGiveIdenticalFigures() {
        GoldenFeed.publishOnce(infrastructure);
        awaitGoldenFigures();
        String before = String.join("\n", ExpectedFigures.ENDPOINTS.stream().map(e -> funnel(e, "")).toList());
        double duplicatesBefore = duplicates();

        int sent = GoldenFeed.publishDuplicatesInBusinessOrder(infrastructure);

        await().atMost(Duration.ofSeconds(60)).until(() -> duplicates() >= duplicatesBefore + sent);
        String after = String.join("\n", ExpectedFigures.ENDPOINTS.stream().map(e -> funnel(e, "")).toList());
        assertThat(after).isEqualTo(before);
        ExpectedFigures.assertAll(e -> funnel(e, ""));
    }
}
