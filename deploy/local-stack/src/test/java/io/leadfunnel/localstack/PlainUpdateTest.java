package io.leadfunnel.localstack;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every update is applied by mongo-java-server's own memory backend (the reference) and by the local stack's memory
 * and H2 backends, which apply the usual shapes themselves ({@link PlainUpdate}); the results ({@code n},
 * {@code nModified}, the error if any) and the documents afterwards, field order and number types included, must be the
 * same. Each update of the corpus is also marked as handled or not, and checked to be so, so that the comparison is
 * of the two implementations and not of the engine with itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainUpdateTest {

    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private static final String STORED = """
            {_id: "lead-1", stage: "LEAD", version: {$numberLong: "3"}, n: 5, d: 2.5,
             score: {fit: 10, intent: {$numberLong: "4"}, nested: {deep: "x"}},
             outbox: [{eventId: "e1"}], tags: ["a", "b"], updatedAt: {$date: "2026-01-01T00:00:00Z"},
             nothing: null, s: "text"}""";

    private static final String OTHER = """
            {_id: "lead-2", stage: "LEAD", n: 1, email: "b@example.com"}""";

    /** Updates of {@link #STORED} the local stack applies itself. */
    private static final List<String> HANDLED = List.of(
            "{$set: {stage: 'MQL'}}",
            "{$set: {stage: 'LEAD'}}",
            "{$set: {n: {$numberLong: '5'}}}",
            "{$set: {n: 5.0}}",
            "{$set: {n: 6.0}}",
            "{$set: {newField: 1, 'score.fit': 11}}",
            "{$set: {'score.fit': 10}}",
            "{$set: {'score.nested.deep': 'y', 'score.added.x': 1}}",
            "{$set: {'brand.new.path': true}}",
            "{$set: {nothing: null}}",
            "{$set: {nothing: 1}}",
            "{$set: {absent: null}}",
            "{$set: {score: {fit: 10, intent: {$numberLong: '4'}, nested: {deep: 'x'}}}}",
            "{$set: {score: {intent: {$numberLong: '4'}, fit: 10, nested: {deep: 'x'}}}}",
            "{$set: {tags: ['a', 'b']}}",
            "{$set: {tags: ['b', 'a']}}",
            "{$unset: {stage: ''}}",
            "{$unset: {missing: ''}}",
            "{$unset: {'score.fit': ''}}",
            "{$unset: {'score.none': ''}}",
            "{$unset: {'absent.x': ''}}",
            "{$unset: {nothing: 1}}",
            "{$inc: {version: {$numberLong: '1'}}}",
            "{$inc: {n: 1}}",
            "{$inc: {n: {$numberLong: '1'}}}",
            "{$inc: {d: 1}}",
            "{$inc: {n: 0}}",
            "{$inc: {n: 0.0}}",
            "{$inc: {n: {$numberLong: '0'}}}",
            "{$inc: {absent: 2}}",
            "{$inc: {nothing: 2}}",
            "{$inc: {'score.intent': 1}}",
            "{$inc: {'score.new': 1}}",
            "{$inc: {n: 2147483647}}",
            "{$max: {updatedAt: {$date: '2026-02-01T00:00:00Z'}}}",
            "{$max: {updatedAt: {$date: '2025-02-01T00:00:00Z'}}}",
            "{$max: {n: 3}}",
            "{$max: {n: 9}}",
            "{$max: {n: 5.0}}",
            "{$max: {n: 'text'}}",
            "{$max: {nothing: 1}}",
            "{$max: {absent: 1}}",
            "{$min: {n: 3}}",
            "{$min: {n: 9}}",
            "{$min: {n: 'text'}}",
            "{$min: {'score.fit': 1}}",
            "{$setOnInsert: {created: 1}, $set: {stage: 'X'}}",
            "{$setOnInsert: {created: 1}}",
            "{$push: {outbox: {eventId: 'e2'}}}",
            "{$push: {outbox: {$each: [{eventId: 'e2'}, {eventId: 'e3'}]}}}",
            "{$push: {tags: {$each: ['c', 'd', 'e'], $slice: -3}}}",
            "{$push: {tags: {$each: ['c'], $slice: 2}}}",
            "{$push: {tags: {$slice: -10, $each: ['c']}}}",
            "{$push: {tags: {$each: ['c'], $slice: 0}}}",
            "{$push: {tags: {$each: []}}}",
            "{$push: {newList: 'x'}}",
            "{$push: {nothing: 'x'}}",
            "{$push: {'score.list': {$each: [1]}}}",
            "{$push: {tags: ['x', 'y']}}",
            "{$push: {tags: {$each: ['c'], $slice: -2}}}",
            "{$set: {'score.fit': 10.0}}",
            "{$set: {score: {fit: 10.0, intent: 4, nested: {deep: 'x'}}}}",
            "{$set: {outbox: [{eventId: 'e1'}]}}",
            "{$set: {outbox: [{eventId: 'e1', x: 1}]}}",
            "{$pull: {tags: 'a'}}",
            "{$pull: {tags: 'zz'}}",
            "{$pull: {outbox: {eventId: {$in: ['e1', 'e7']}}}}",
            "{$pull: {outbox: {eventId: 'e1'}}, $inc: {version: {$numberLong: '1'}}}",
            "{$pull: {absent: 'a'}}",
            "{$pull: {nothing: 'a'}}",
            "{$pull: {'score.list': 1}}",
            "{$set: {stage: 'MQL', 'score.fit': 12}, $push: {outbox: {$each: [{eventId: 'e9'}], $slice: -5}},"
                    + " $inc: {version: {$numberLong: '1'}}, $max: {updatedAt: {$date: '2026-03-01T00:00:00Z'}},"
                    + " $unset: {nothing: ''}}",
            "{$unset: {s: ''}, $set: {s2: 1, 's3.x': 2}, $inc: {aa: 1}}",
            "{$set: {'score.nested.deep': 'z'}, $unset: {'score.fit': ''}, $inc: {'score.intent': 2}}");

    /** Updates of {@link #STORED} left to the engine: other operators, overlapping paths, paths it refuses. */
    private static final List<String> LEFT_TO_THE_ENGINE = List.of(
            "{$set: {'s.x': 1}}",
            "{$set: {'tags.0': 'z'}}",
            "{$set: {'outbox.eventId': 'z'}}",
            "{$set: {'nothing.x': 1}}",
            "{$set: {_id: 'lead-1'}}",
            "{$set: {score: 1}, $inc: {'score.fit': 1}}",
            "{$set: {a: 1}, $inc: {a: 1}}",
            "{$inc: {s: 1}}",
            "{$inc: {n: 'x'}}",
            "{$unset: {'s.x': ''}}",
            "{$push: {s: 'x'}}",
            "{$push: {tags: {$each: ['c'], $position: 0}}}",
            "{$push: {tags: {$each: ['c'], $sort: 1}}}",
            "{$push: {tags: {$each: ['c'], $slice: {$numberLong: '1'}}}}",
            "{$push: {tags: {$each: 'c'}}}",
            "{$pull: {n: 1}}",
            "{$pull: {'s.x': 1}}",
            "{$pullAll: {tags: ['a']}}",
            "{$rename: {stage: 'phase'}}",
            "{$mul: {n: 2}}",
            "{$set: {}}");

    private MongoServer reference;
    private EmbeddedMongo memory;
    private EmbeddedMongo file;
    private final List<MongoClient> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        reference = new MongoServer(new MemoryBackend());
        InetSocketAddress at = reference.bind();
        memory = EmbeddedMongo.builder().build().start();
        file = EmbeddedMongo.builder().dataFile(dir.resolve("plain.mv.db")).build().start();
        clients.add(MongoClients.create("mongodb://127.0.0.1:" + at.getPort()));
        clients.add(MongoClients.create(memory.connectionString()));
        clients.add(MongoClients.create(file.connectionString()));
    }

    @AfterAll
    void stop() {
        clients.forEach(MongoClient::close);
        file.close();
        memory.close();
        reference.shutdownNow();
    }

    @Test
    void theCorpusIsSortedRightIntoHandledAndNot() {
        for (String update : HANDLED) {
            assertThat(handled(update, STORED)).as(update).isTrue();
        }
        for (String update : LEFT_TO_THE_ENGINE) {
            assertThat(handled(update, STORED)).as(update).isFalse();
        }
    }

    @Test
    void everyUpdateOfTheCorpusEndsAsTheEngineEndsIt() {
        List<String> all = new ArrayList<>(HANDLED);
        all.addAll(LEFT_TO_THE_ENGINE);
        int i = 0;
        for (String update : all) {
            String name = "corpus" + i++;
            sameEverywhere(name, update, leads -> {
                UpdateResult result = leads.updateOne(new Document("_id", "lead-1"), Document.parse(update));
                return "n=" + result.getMatchedCount() + " modified=" + result.getModifiedCount();
            });
        }
    }

    @Test
    void aVersionGuardThatNoLongerHoldsMatchesNothing() {
        sameEverywhere("guard", "", leads -> {
            Bson update = Document.parse("{$set: {stage: 'MQL'}, $inc: {version: {$numberLong: '1'}}}");
            UpdateResult first = leads.updateOne(Document.parse("{_id: 'lead-1', version: {$numberLong: '3'}}"),
                    update);
            UpdateResult second = leads.updateOne(Document.parse("{$and: [{_id: 'lead-1'}, {version: 3}]}"), update);
            return first.getMatchedCount() + "/" + first.getModifiedCount() + " then " + second.getMatchedCount()
                    + "/" + second.getModifiedCount();
        });
    }

    @Test
    void manyDocumentsAndUpsertsEndAsTheEngineEndsThem() {
        sameEverywhere("many", "", leads -> {
            UpdateResult all = leads.updateMany(new Document("stage", "LEAD"), Document.parse("{$inc: {n: 1}}"));
            UpdateResult one = leads.updateOne(new Document("stage", "LEAD"), Document.parse("{$set: {x: 1}}"));
            UpdateResult none = leads.updateMany(new Document("stage", "SQL"), Document.parse("{$set: {x: 2}}"));
            UpdateResult inserted = leads.updateOne(new Document("_id", "lead-3"),
                    Document.parse("{$set: {stage: 'LEAD'}, $setOnInsert: {created: 1}, $inc: {n: 1}}"),
                    new UpdateOptions().upsert(true));
            UpdateResult matched = leads.updateOne(new Document("_id", "lead-3"),
                    Document.parse("{$set: {stage: 'MQL'}, $setOnInsert: {created: 2}}"),
                    new UpdateOptions().upsert(true));
            UpdateResult everyOperator = leads.updateOne(new Document("_id", "lead-4"), Document.parse(
                    "{$push: {list: {$each: [1, 2], $slice: -1}, one: 'x'}, $max: {m: 3}, $min: {k: 'a'},"
                            + " $unset: {u: ''}, $pull: {p: 1}, $set: {'a.b': 1}, $setOnInsert: {'a.c': 2},"
                            + " $inc: {'i.j': {$numberLong: '2'}}}"), new UpdateOptions().upsert(true));
            UpdateResult bySelector = leads.updateOne(new Document("_id", "lead-5").append("stage", "X"),
                    Document.parse("{$set: {n: 1}}"), new UpdateOptions().upsert(true));
            UpdateResult many = leads.updateMany(new Document("_id", "lead-6"), Document.parse("{$inc: {n: 1}}"),
                    new UpdateOptions().upsert(true));
            return List.of(all.getMatchedCount(), all.getModifiedCount(), one.getMatchedCount(),
                    none.getMatchedCount(), inserted.getMatchedCount(), String.valueOf(inserted.getUpsertedId()),
                    matched.getMatchedCount(), matched.getModifiedCount(), String.valueOf(everyOperator.getUpsertedId()),
                    everyOperator.getModifiedCount(), String.valueOf(bySelector.getUpsertedId()),
                    String.valueOf(many.getUpsertedId())).toString();
        });
    }

    /** Upsert selectors whose insert the local stack makes itself: the services' versioned writes among them. */
    private static final List<String> UPSERTS_HANDLED = List.of(
            "{_id: 'lead-7'}",
            "{$and: [{_id: 'lead-8'}, {version: {$numberLong: '0'}}]}",
            "{_id: 'lead-9', version: {$numberLong: '0'}}",
            "{$and: [{_id: 'lead-11', version: 0}, {flag: true, s: 'x', d: 1.5}]}",
            "{_id: {$oid: '65a1b2c3d4e5f60718293a4b'}, version: 0}");

    /** Upsert selectors left to the engine: operators, $or, paths, subdocuments, null, a field named twice. */
    private static final List<String> UPSERTS_LEFT_TO_THE_ENGINE = List.of(
            "{$and: [{_id: 'lead-12'}, {version: {$lt: 1}}]}",
            "{$or: [{_id: 'lead-13'}]}",
            "{_id: 'lead-14', 'a.b': 1}",
            "{$and: [{_id: 'lead-15'}, {_id: 'lead-15'}]}",
            "{_id: 'lead-16', n: null}",
            "{_id: 'lead-17', sub: {x: 1}}",
            "{_id: 'lead-18', tags: ['a']}",
            "{_id: 1, version: 0}",
            "{version: 0, _id: 'lead-10'}",
            "{version: 0}",
            "{$and: []}",
            "{$and: [{$and: [{_id: 'lead-19'}]}]}");

    @Test
    void theUpsertSelectorsAreSortedRightIntoHandledAndNot() {
        for (String selector : UPSERTS_HANDLED) {
            assertThat(PlainUpdate.upsertStart(engineDocument(selector))).as(selector).isNotNull();
        }
        for (String selector : UPSERTS_LEFT_TO_THE_ENGINE) {
            assertThat(PlainUpdate.upsertStart(engineDocument(selector))).as(selector).isNull();
        }
    }

    @Test
    void versionedUpsertsEndAsTheEngineEndsThem() {
        List<String> all = new ArrayList<>(UPSERTS_HANDLED);
        // a selector without _id inserts a new ObjectId each time, a different one on each server: left out here
        UPSERTS_LEFT_TO_THE_ENGINE.stream().filter(selector -> selector.contains("_id")).forEach(all::add);
        Bson update = Document.parse("{$set: {record: {stage: 'LEAD', at: {$date: '2026-01-01T00:00:00Z'}},"
                + " version: {$numberLong: '1'}, 'pending.log-1': {seq: 2, c: [1, 2]}}, $setOnInsert: {created: 1}}");
        int i = 0;
        for (String selector : all) {
            sameEverywhere("upsert" + i++, selector, leads -> {
                String first = outcome(() -> upserted(leads.updateOne(Document.parse(selector), update,
                        new UpdateOptions().upsert(true))));
                // the same write again: the guard no longer holds, and the insert collides with the stored _id
                String again = outcome(() -> upserted(leads.updateOne(Document.parse(selector), update,
                        new UpdateOptions().upsert(true))));
                String counted = outcome(() -> upserted(leads.updateOne(Document.parse(selector),
                        Document.parse("{$inc: {version: {$numberLong: '1'}}, $set: {stage: 'MQL'}}"),
                        new UpdateOptions().upsert(true))));
                return first + " then " + again + " then " + counted;
            });
        }
    }

    private static String upserted(UpdateResult result) {
        return result.getMatchedCount() + "/" + result.getModifiedCount() + "/" + result.getUpsertedId();
    }

    @Test
    void uniqueIndexesRefuseAndFreeKeysAsTheEngineDoes() {
        sameEverywhere("unique", "", leads -> {
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).sparse(true));
            leads.createIndex(Indexes.ascending("profile.handle"), new IndexOptions().unique(true).sparse(true));
            StringBuilder outcome = new StringBuilder();
            for (String[] step : new String[][] {
                    {"lead-1", "{$set: {email: 'b@example.com'}}"},
                    {"lead-1", "{$set: {email: 'a@example.com'}}"},
                    {"lead-2", "{$set: {email: 'c@example.com'}}"},
                    {"lead-1", "{$set: {email: 'b@example.com', stage: 'MQL'}}"},
                    {"lead-2", "{$set: {email: 'b@example.com'}}"},
                    {"lead-1", "{$set: {'profile.handle': 'h1'}}"},
                    {"lead-2", "{$set: {'profile.handle': 'h1'}}"},
                    {"lead-1", "{$unset: {'profile.handle': ''}}"},
                    {"lead-2", "{$set: {'profile.handle': 'h1'}}"},
                    {"lead-1", "{$unset: {email: ''}}"},
                    {"lead-2", "{$set: {email: 'b@example.com'}}"}}) {
                outcome.append(outcome(() -> {
                    UpdateResult result = leads.updateOne(new Document("_id", step[0]), Document.parse(step[1]));
                    return result.getMatchedCount() + "/" + result.getModifiedCount();
                })).append("; ");
                outcome.append(leads.find(new Document("email", "b@example.com")).first() == null ? "-" : "found")
                        .append("; ");
            }
            outcome.append(outcome(() -> String.valueOf(leads.updateOne(new Document("_id", "lead-9"),
                    Document.parse("{$set: {email: 'b@example.com'}}"), new UpdateOptions().upsert(true))
                    .getUpsertedId())));
            return outcome.toString();
        });
    }

    /**
     * Runs {@code operations} on a fresh collection holding {@link #STORED} and {@link #OTHER} on each server, and
     * checks that the operations' outcome (or error) and the collection afterwards are the same on all three.
     */
    private void sameEverywhere(String collection, String label, Function<MongoCollection<Document>, String> operations) {
        List<String> results = new ArrayList<>();
        for (MongoClient client : clients) {
            MongoCollection<Document> leads = client.getDatabase("plain-update-test").getCollection(collection);
            leads.insertMany(List.of(Document.parse(STORED), Document.parse(OTHER)));
            String outcome = outcome(() -> operations.apply(leads));
            List<String> documents = new ArrayList<>();
            leads.find().sort(Sorts.ascending("_id")).forEach(document -> documents.add(document.toJson(EXACT)));
            results.add(outcome + "\n" + String.join("\n", documents));
        }
        assertThat(results.get(1)).as("memory backend, %s %s", collection, label).isEqualTo(results.get(0));
        assertThat(results.get(2)).as("H2 backend, %s %s", collection, label).isEqualTo(results.get(0));
    }

    private static String outcome(java.util.function.Supplier<String> operation) {
        try {
            return operation.get();
        } catch (MongoWriteException e) {
            return "error " + e.getError().getCode() + ": " + e.getError().getMessage();
        } catch (MongoCommandException e) {
            return "error " + e.getErrorCode() + ": " + e.getErrorMessage();
        }
    }

    /** Whether {@link PlainUpdate} applies {@code update} to {@code stored} itself. */
    private static boolean handled(String update, String stored) {
        PlainUpdate plain = PlainUpdate.parse(engineDocument(update));
        return plain != null && plain.apply(engineDocument(stored)) != null;
    }

    private static de.bwaldvogel.mongo.bson.Document engineDocument(String json) {
        RawBsonDocument bson = new RawBsonDocument(Document.parse(json), new DocumentCodec());
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson.getByteBuffer().asNIO()));
    }
}
