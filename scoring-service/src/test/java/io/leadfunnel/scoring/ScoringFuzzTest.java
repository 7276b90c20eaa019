package io.leadfunnel.scoring;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of the scoring model endpoints over real HTTP (seed printed; {@code -Dfuzz.seed=N} replays it):
 * mutated and random model bodies (operators, dotted keys, NaN and infinite weights, numbers out of range, huge
 * strings, deep nesting, invalid UTF-8), hostile version and lead ids in paths and hostile query values. Every answer
 * must be below 500, and a 4xx must leave the stored models and the active-model setting untouched (read from MongoDB
 * directly).
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ScoringFuzzTest {

    static final int INPUTS = 10_000;

    @TestHTTPResource("/")
    URL api;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void the_model_endpoints_never_answer_500_and_a_refused_input_changes_nothing() {
        JsonFuzzer fuzzer = JsonFuzzer.fromSystemProperty();
        Random random = fuzzer.random();
        FuzzClient client = new FuzzClient(api.toString());
        String token = TestTokens.forRole("fuzz-marketer", "marketing");
        String validModel = ModelBodies.json(ModelBodies.defaultModel());
        List<String> serverErrors = new ArrayList<>();
        List<String> partialWrites = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        try (MongoClient mongo = MongoClients.create(infra.mongoConnectionString())) {
            MongoCollection<Document> models = mongo.getDatabase(database).getCollection("scoring_models");
            MongoCollection<Document> settings = mongo.getDatabase(database).getCollection("scoring_settings");
            String before = snapshot(models, settings);
            for (int i = 0; i < INPUTS; i++) {
                String method;
                String path;
                byte[] body = null;
                int pick = random.nextInt(100);
                if (pick < 70) {
                    method = "POST";
                    path = "/models";
                    String text = fuzzer.next(validModel);
                    body = text.getBytes(StandardCharsets.UTF_8);
                    if (random.nextInt(10) == 0) {
                        body = fuzzer.mutateBytes(body);
                    }
                } else if (pick < 80) {
                    method = "GET";
                    path = "/models/" + FuzzClient.encode(hostileVersion(fuzzer, random));
                } else if (pick < 88) {
                    method = "GET";
                    path = "/scores/" + FuzzClient.encode(fuzzer.hostileString());
                } else if (pick < 92) {
                    method = "POST"; // only unknown or hostile versions: activating a real one would re-score
                    path = "/models/" + FuzzClient.encode(hostileVersion(fuzzer, random)) + "/activate";
                } else if (pick < 94) {
                    method = "POST"; // a real preview scores every lead: a few, with hostile thresholds
                    path = "/models/1/preview?mqlThreshold=" + FuzzClient.encode(hostileNumber(fuzzer, random));
                } else if (pick < 97) {
                    method = "POST";
                    path = "/models/" + FuzzClient.encode(hostileVersion(fuzzer, random)) + "/preview";
                } else {
                    method = "GET";
                    path = "/models/" + FuzzClient.encode(hostileVersion(fuzzer, random)) + "/rescoring";
                }
                int status = client.send(method, path, token, body);
                statuses.merge(status, 1, Integer::sum);
                String input = method + " " + path + (body == null ? "" : " " + preview(body));
                if (status >= 500) {
                    serverErrors.add(status + " " + input);
                } else if (status >= 400) {
                    String after = snapshot(models, settings);
                    if (!after.equals(before)) {
                        partialWrites.add(status + " " + input);
                        before = after;
                    }
                } else {
                    before = snapshot(models, settings);
                }
            }
        }
        System.out.println("fuzz scoring model endpoints: statuses " + statuses);
        FuzzReport.write("scoring model endpoints", INPUTS, serverErrors.size(), partialWrites.size(), fuzzer.seed());
        assertThat(serverErrors).as("server errors (seed " + fuzzer.seed() + ")").isEmpty();
        assertThat(partialWrites).as("changes after a refused input (seed " + fuzzer.seed() + ")").isEmpty();
    }

    /** Unknown versions only: hostile text, huge numbers and numbers no model has. */
    private static String hostileVersion(JsonFuzzer fuzzer, Random random) {
        if (random.nextBoolean()) {
            return fuzzer.hostileString();
        }
        return random.nextBoolean() ? hostileNumber(fuzzer, random) : Integer.toString(100_000 + random.nextInt(1000));
    }

    private static String hostileNumber(JsonFuzzer fuzzer, Random random) {
        String n = JsonFuzzer.HOSTILE_NUMBERS.get(random.nextInt(JsonFuzzer.HOSTILE_NUMBERS.size()));
        return n.equals("0") || n.equals("1.0") || n.equals("00001") ? "-" + n : n;
    }

    /** What a refused input could have changed: a new model version, the active pointer or a model's status. */
    private static String snapshot(MongoCollection<Document> models, MongoCollection<Document> settings) {
        Document newest = models.find().sort(Sorts.descending("_id")).limit(1).first();
        StringBuilder state = new StringBuilder().append(models.countDocuments()).append('|')
                .append(newest == null ? "" : newest.toJson());
        for (Document setting : settings.find()) {
            state.append('|').append(setting.toJson());
        }
        return state.toString();
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
    }
}
