package io.leadfunnel.metrics;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.fuzz.FuzzClient;
import io.leadfunnel.testing.fuzz.FuzzReport;
import io.leadfunnel.testing.fuzz.JsonFuzzer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seeded fuzzing over real HTTP (seed printed; {@code -Dfuzz.seed=N} replays it) of the two endpoint families of
 * metrics-service: the {@code /funnel} queries and the page (hostile and extreme query values: dates in year 1 or
 * 9999, out-of-range numbers, huge strings, operators) and the admin rebuild (hostile tokens, roles, bodies). Every
 * answer must be below 500, and a 4xx must leave the store as it was: the active generation and the collections.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class MetricsFuzzTest {

    static final int INPUTS = 10_000;
    static final String[] PARAMETERS = {"from", "to", "asOf", "groupBy", "bucket", "window", "stuckAfter",
            "blackHoleAfter", "target"};
    static final String[] VALID = {"2026-01-05", "2026-03-01T00:00:00Z", "2026-02-01", "source", "week", "P30D",
            "P14D", "P2D", "WON", "day", "month", "owner", "scoreBand", "SQL", "1970-01-01", "2199-12-31"};
    static final String[] PATHS = {"/funnel", "/funnel/velocity", "/funnel/drop-off", "/funnel/sla",
            "/funnel/revenue", "/funnel/lift", "/"};

    @TestHTTPResource("/")
    URL api;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void funnel_queries_and_the_page_never_answer_500_and_change_nothing() {
        JsonFuzzer fuzzer = JsonFuzzer.fromSystemProperty();
        Random random = fuzzer.random();
        FuzzClient client = new FuzzClient(api.toString());
        String reader = TestTokens.forRole("fuzz-reader", "metrics-reader");
        List<String> serverErrors = new ArrayList<>();
        List<String> partialWrites = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        try (MongoClient mongo = MongoClients.create(infra.mongoConnectionString())) {
            MongoDatabase db = mongo.getDatabase(database);
            String before = store(db);
            for (int i = 0; i < INPUTS; i++) {
                StringBuilder query = new StringBuilder(PATHS[random.nextInt(PATHS.length)]);
                int parameters = 1 + random.nextInt(4);
                for (int p = 0; p < parameters; p++) {
                    String name = random.nextInt(20) == 0 ? fuzzer.hostileString()
                            : PARAMETERS[random.nextInt(PARAMETERS.length)];
                    String value = value(fuzzer, random);
                    query.append(p == 0 ? '?' : '&').append(FuzzClient.encode(name)).append('=')
                            .append(FuzzClient.encode(value));
                }
                String accept = random.nextInt(4) == 0 ? "text/csv" : null;
                int status = client.send("GET", query.toString(), random.nextInt(50) == 0 ? null : reader, null,
                        accept);
                statuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    serverErrors.add(status + " GET " + shorten(query.toString()));
                } else if (status >= 400 && !store(db).equals(before)) {
                    partialWrites.add(status + " GET " + shorten(query.toString()));
                    before = store(db);
                }
            }
        }
        finish("metrics funnel queries", fuzzer, statuses, serverErrors, partialWrites);
    }

    @Test
    void the_admin_rebuild_never_answers_500_and_a_refused_call_changes_nothing() {
        JsonFuzzer fuzzer = JsonFuzzer.fromSystemProperty();
        Random random = fuzzer.random();
        FuzzClient client = new FuzzClient(api.toString());
        String admin = TestTokens.forRole("fuzz-admin", "admin");
        String[] tokens = {TestTokens.forRole("fuzz-reader", "metrics-reader"), TestTokens.expired("fuzz-admin", "admin"),
                TestTokens.signedByOtherKey("fuzz-admin", "admin"),
                TestTokens.withIssuer("https://elsewhere.example", "fuzz-admin", "admin"),
                TestTokens.forRole("fuzz-ops", "sales-ops"), TestTokens.forRole("fuzz-nobody")};
        List<String> serverErrors = new ArrayList<>();
        List<String> partialWrites = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int rebuilds = 0;
        try (MongoClient mongo = MongoClients.create(infra.mongoConnectionString())) {
            MongoDatabase db = mongo.getDatabase(database);
            awaitNoRebuild(admin);
            String before = store(db);
            for (int i = 0; i < INPUTS; i++) {
                String token;
                int pick = random.nextInt(100);
                if (pick < 40) {
                    token = tokens[random.nextInt(tokens.length)];
                } else if (pick < 60) {
                    token = mangle(admin, fuzzer, random);
                } else if (pick < 70) {
                    token = fuzzer.hostileString().replaceAll("[^\\x21-\\x7e]", "x"); // what a header can carry
                } else if (pick < 80) {
                    token = null;
                } else {
                    token = admin;
                }
                boolean post = random.nextBoolean();
                // a real rebuild replays every topic: the admin starts one only now and then
                if (token == admin && post && random.nextInt(200) != 0) {
                    post = false;
                }
                byte[] body = random.nextBoolean() ? null
                        : fuzzer.next("{\"from\":\"beginning\"}").getBytes(StandardCharsets.UTF_8);
                String path = "/admin/rebuild" + (random.nextInt(5) == 0
                        ? "?" + FuzzClient.encode(fuzzer.hostileString()) + "=" + FuzzClient.encode(fuzzer.hostileString())
                        : "");
                int status = client.send(post ? "POST" : "GET", path, token, body);
                statuses.merge(status, 1, Integer::sum);
                if (status == 202) {
                    rebuilds++;
                }
                String input = status + (post ? " POST " : " GET ") + shorten(path) + " token " + shorten(
                        String.valueOf(token));
                if (status >= 500) {
                    serverErrors.add(input);
                } else if (status >= 400 && !store(db).equals(before)) {
                    String after = store(db);
                    partialWrites.add(input + ": the store was " + before + " and became " + after);
                    before = after;
                } else if (status == 202) {
                    awaitNoRebuild(admin);
                    before = store(db);
                }
            }
            awaitNoRebuild(admin);
        }
        System.out.println("fuzz admin rebuild: " + rebuilds + " rebuilds started");
        finish("metrics admin rebuild", fuzzer, statuses, serverErrors, partialWrites);
    }

    private static String mangle(String token, JsonFuzzer fuzzer, Random random) {
        char[] chars = token.toCharArray();
        switch (random.nextInt(3)) {
            case 0:
                return token.substring(0, random.nextInt(token.length()));
            case 1:
                chars[random.nextInt(chars.length)] = "AZaz09-_.".charAt(random.nextInt(9));
                return new String(chars);
            default:
                String[] parts = token.split("\\.");
                return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        fuzzer.randomJson().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        }
    }

    private static String value(JsonFuzzer fuzzer, Random random) {
        int pick = random.nextInt(10);
        if (pick < 4) {
            return VALID[random.nextInt(VALID.length)];
        }
        if (pick < 5) {
            return JsonFuzzer.HOSTILE_NUMBERS.get(random.nextInt(JsonFuzzer.HOSTILE_NUMBERS.size()));
        }
        if (pick < 6) {
            return JsonFuzzer.OPERATOR_VALUES.get(random.nextInt(JsonFuzzer.OPERATOR_VALUES.size()));
        }
        String hostile = fuzzer.hostileString();
        return hostile.length() > 4096 ? hostile.substring(0, 4096) : hostile;
    }

    /** The store as a refused call could have changed it: the active generation and the collections. */
    private static String store(MongoDatabase db) {
        StringBuilder state = new StringBuilder(new TreeSet<>(db.listCollectionNames().into(new ArrayList<>()))
                .toString());
        db.getCollection("store").find().forEach((Document d) -> state.append('|').append(d.toJson()));
        return state.toString();
    }

    private static void awaitNoRebuild(String admin) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> !"running".equals(
                given().auth().oauth2(admin).get("/admin/rebuild").jsonPath().getString("state")));
    }

    private static void finish(String name, JsonFuzzer fuzzer, Map<Integer, Integer> statuses, List<String> serverErrors,
                               List<String> partialWrites) {
        System.out.println("fuzz " + name + ": statuses " + statuses);
        FuzzReport.write(name, INPUTS, serverErrors.size(), partialWrites.size(), fuzzer.seed());
        assertThat(serverErrors).as(name + " server errors (seed " + fuzzer.seed() + ")").isEmpty();
        assertThat(partialWrites).as(name + " changes after a refused call (seed " + fuzzer.seed() + ")").isEmpty();
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
    }
}
