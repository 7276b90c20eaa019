package io.leadfunnel.metrics;

import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.client.MongoClient;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.repository.FactRepository;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.service.FactService;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.bson.BsonDocument;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * A rebuild that meets a failure. MongoDB unreachable during the replay: the rebuild waits, stays {@code running}
 * (a second start is refused meanwhile) and finishes by itself once MongoDB answers. MongoDB refusing a write: the
 * rebuild ends as {@code failed} with a short cause that quotes nothing stored, the previous store stays active with
 * the same figures, the half-built generation is dropped, and a new rebuild can be started and succeeds.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class RebuildFailureTest {

    private static final String ADMIN = TestTokens.forRole("rebuild-admin", "admin");
    /** What a refusing server might quote from a document; must reach neither the status nor the log. */
    private static final String QUOTED_VALUE = "quoted.marker@rebuild-failure.example";

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    FactService facts;

    @Inject
    MongoClient mongo;

    @Inject
    LeadLocks locks;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private ScriptedReplay replay;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            log.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The real repository, except that the replay's writes (through its own logs) fail for as long as a test says. */
    static final class ScriptedReplay extends FactRepository {

        volatile boolean unreachable;
        volatile RuntimeException refusal;
        final AtomicInteger attempts = new AtomicInteger();

        ScriptedReplay(MongoClient client, String database, LeadLocks locks) {
            super(client, database, locks);
        }

        @Override
        public Map<String, LeadApplied> applyPoll(String generation, Map<String, List<FunnelEvent>> byLead,
                                                  Accounting accounting) {
            boolean replay = accounting != null && accounting.partitionOf().values().stream()
                    .anyMatch(log -> log.startsWith("rebuild-"));
            if (!replay) {
                return super.applyPoll(generation, byLead, accounting);
            }
            attempts.incrementAndGet();
            if (unreachable) {
                throw new MongoTimeoutException("Timed out while waiting for a server that matches WritableServer");
            }
            RuntimeException refused = refusal;
            if (refused != null) {
                throw refused;
            }
            return super.applyPoll(generation, byLead, accounting);
        }
    }

    @BeforeEach
    void replayThroughAScriptedStore() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
        awaitNoRebuild();
        replay = new ScriptedReplay(mongo, database, locks);
        QuarkusMock.installMockForType(replay, FactRepository.class);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void a_mongodb_outage_during_the_replay_is_waited_out_while_a_second_start_is_refused() {
        String before = RebuildTest.allFigures();
        String oldGeneration = facts.activeGeneration();
        replay.unreachable = true;
        String generation;
        try {
            generation = start();
            await().atMost(Duration.ofSeconds(30)).until(() -> replay.attempts.get() >= 3);
            JsonPath waiting = RebuildTest.status();
            assertThat(waiting.getString("state")).isEqualTo("running");
            assertThat(waiting.getString("generation")).isEqualTo(generation);
            assertThat(waiting.getString("error")).isNull();
            given().auth().oauth2(ADMIN).post("/admin/rebuild")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("type", is("https://leadfunnel.io/problems/rebuild-running"));
            assertThat(facts.activeGeneration()).isEqualTo(oldGeneration);
        } finally {
            replay.unreachable = false;
        }

        awaitNoRebuild();
        JsonPath done = RebuildTest.status();
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getString("generation")).isEqualTo(generation);
        assertThat(done.getString("error")).isNull();
        assertThat(facts.activeGeneration()).isEqualTo(generation);
        assertThat(collections()).contains(generation).doesNotContain(oldGeneration);
        assertThat(RebuildTest.allFigures()).isEqualTo(before);
    }

    @Test
    void a_refused_write_fails_the_rebuild_with_its_cause_keeps_the_store_and_a_new_rebuild_can_start() {
        String before = RebuildTest.allFigures();
        String oldGeneration = facts.activeGeneration();
        replay.refusal = new MongoWriteException(new WriteError(121, "Document failed validation: { email: \""
                + QUOTED_VALUE + "\" }", new BsonDocument()), new ServerAddress(), Set.of());

        String failedGeneration = start();
        awaitNoRebuild();
        JsonPath failed = RebuildTest.status();
        assertThat(failed.getString("state")).isEqualTo("failed");
        assertThat(failed.getString("generation")).isEqualTo(failedGeneration);
        assertThat(failed.getString("finishedAt")).isNotNull();
        assertThat(failed.getString("error"))
                .contains("MongoDB refused").contains("code 121")
                .doesNotContain(QUOTED_VALUE)
                .hasSizeLessThanOrEqualTo(200);
        assertThat(replay.attempts.get()).as("a refusal is not retried").isEqualTo(1);
        assertThat(facts.activeGeneration()).isEqualTo(oldGeneration);
        assertThat(collections()).contains(oldGeneration).doesNotContain(failedGeneration);
        assertThat(RebuildTest.allFigures()).isEqualTo(before);
        assertThat(log).as("log").anyMatch(line -> line.contains("rebuild into " + failedGeneration + " failed"))
                .noneMatch(line -> line.contains(QUOTED_VALUE));

        replay.refusal = null;
        String generation = start();
        assertThat(generation).isNotEqualTo(failedGeneration);
        awaitNoRebuild();
        JsonPath done = RebuildTest.status();
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getString("error")).isNull();
        assertThat(facts.activeGeneration()).isEqualTo(generation);
        assertThat(RebuildTest.allFigures()).isEqualTo(before);
    }

    private static String start() {
        return given().auth().oauth2(ADMIN).post("/admin/rebuild")
                .then().statusCode(202).extract().jsonPath().getString("generation");
    }

    private List<String> collections() {
        return mongo.getDatabase(database).listCollectionNames().into(new ArrayList<>());
    }

    private static void awaitNoRebuild() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> !"running".equals(
                given().auth().oauth2(ADMIN).get("/admin/rebuild").jsonPath().getString("state")));
    }
}
