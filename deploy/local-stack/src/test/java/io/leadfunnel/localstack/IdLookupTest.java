package io.leadfunnel.localstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Queries that pin _id next to other conditions: same answers as a scan, read through the _id index. */
class IdLookupTest {

    @ParameterizedTest(name = "{0} backend")
    @ValueSource(strings = {"h2", "memory"})
    void givenVersionCheckedWrites_thenOnlyTheMatchingVersionIsUpdatedAndDataSurvivesARestart(String backend,
                                                                                           @TempDir Path dir) {
        EmbeddedMongo mongo = start(backend, dir);
        try {
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                MongoCollection<Document> leads = leads(client);
                List<Document> docs = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    docs.add(new Document("_id", "lead-" + i).append("version", 1L).append("outbox", List.of("e" + i)));
                }
                leads.insertMany(docs);

                // an $and of _id and version, as Filters.and renders it: the right version updates, a stale one not
                assertThat(leads.updateOne(Filters.and(Filters.eq("_id", "lead-7"), Filters.eq("version", 1L)),
                        Updates.inc("version", 1L)).getModifiedCount()).isEqualTo(1);
                assertThat(leads.updateOne(Filters.and(Filters.eq("_id", "lead-7"), Filters.eq("version", 1L)),
                        Updates.inc("version", 1L)).getModifiedCount()).isZero();
                // the implicit form, and a condition on an array
                assertThat(leads.updateOne(new Document("_id", "lead-8").append("version", 1L),
                        Updates.set("stage", "MQL")).getModifiedCount()).isEqualTo(1);
                assertThat(leads.updateOne(Filters.and(Filters.eq("_id", "lead-9"), Filters.size("outbox", 0)),
                        Updates.unset("outbox")).getMatchedCount()).isZero();
                // nested $and, as Filters.and of an and renders: still the whole query decides
                assertThat(leads.updateOne(Filters.and(Filters.and(Filters.eq("_id", "lead-10"),
                                Filters.ne("outbox", "e10")), Filters.or(Filters.eq("version", 1L))),
                        Updates.set("stage", "SQL")).getMatchedCount()).isZero();
                assertThat(leads.updateOne(Filters.and(Filters.and(Filters.eq("_id", "lead-10"),
                                Filters.ne("outbox", "e9")), Filters.or(Filters.eq("version", 1L))),
                        Updates.set("stage", "SQL")).getModifiedCount()).isEqualTo(1);
                assertThat(leads.find(Filters.eq("stage", "SQL")).map(d -> d.getString("_id")).into(new ArrayList<>()))
                        .containsExactly("lead-10");
                // only a query no index answers counts as a scan of the collection
                String namespace = "local-stack-test.leads";
                long scans = CollectionScans.of(namespace);
                leads.find(Filters.eq("_id", "lead-3")).first();
                leads.find(Filters.in("_id", "lead-3", "lead-4")).into(new ArrayList<>());
                leads.updateOne(Filters.and(Filters.and(Filters.eq("_id", "lead-3"), Filters.ne("outbox", "x")),
                        Filters.eq("version", 1L)), Updates.set("seen", true));
                assertThat(CollectionScans.of(namespace)).isEqualTo(scans);
                leads.find(Filters.eq("stage", "MQL")).first();
                leads.updateMany(Filters.eq("version", 99L), Updates.set("seen", true));
                assertThat(CollectionScans.of(namespace)).isEqualTo(scans + 2);
                assertThat(CollectionScans.since(Map.of(namespace, scans), CollectionScans.snapshot()))
                        .contains(namespace + " 2");
                // reads: the candidate must still match the whole query; unknown ids and $in still work
                assertThat(leads.find(Filters.and(Filters.eq("_id", "lead-7"), Filters.eq("version", 2L))).first())
                        .isNotNull();
                assertThat(leads.find(Filters.and(Filters.eq("_id", "lead-7"), Filters.eq("version", 1L))).first())
                        .isNull();
                assertThat(leads.find(Filters.and(Filters.eq("_id", "nobody"), Filters.eq("version", 1L))).first())
                        .isNull();
                assertThat(leads.countDocuments(Filters.and(Filters.in("_id", "lead-1", "lead-2"),
                        Filters.eq("version", 1L)))).isEqualTo(2);
                assertThat(leads.countDocuments(Filters.eq("version", 1L))).isEqualTo(1999); // only lead-7 moved on
            }

            mongo.stop();
            mongo.start();

            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                assertThat(leads(client).find(new Document("_id", "lead-8")).first()).containsEntry("stage", "MQL");
                assertThat(leads(client).find(new Document("_id", "lead-7")).first()).containsEntry("version", 2L);
                assertThat(leads(client).countDocuments()).isEqualTo(2000);
            }
        } finally {
            mongo.close();
        }
    }

    @ParameterizedTest(name = "{0} backend")
    @ValueSource(strings = {"h2", "memory"})
    void givenAListOfIds_thenExactlyTheListedDocumentsAreReadAndWritten(String backend, @TempDir Path dir) {
        EmbeddedMongo mongo = start(backend, dir);
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> leads = leads(client);
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                docs.add(new Document("_id", "lead-" + i).append("n", i).append("big", "x".repeat(i % 7)));
            }
            ObjectId oid = new ObjectId();
            docs.add(new Document("_id", oid).append("n", -1));
            docs.add(new Document("_id", 7L).append("n", -2));
            leads.insertMany(docs);

            List<Object> wanted = new ArrayList<>();
            for (int i = 499; i >= 0; i -= 3) {
                wanted.add("lead-" + i);
            }
            wanted.add("lead-499"); // listed twice
            wanted.add("nobody");
            List<String> found = leads.find(Filters.in("_id", wanted)).map(d -> d.getString("_id"))
                    .into(new ArrayList<>());
            assertThat(found).hasSize(167).doesNotHaveDuplicates().doesNotContain("nobody", "lead-0", "lead-498")
                    .contains("lead-499", "lead-1", "lead-250");
            // projection, sort and limit still apply
            Document projected = leads.find(Filters.in("_id", List.of("lead-3", "lead-4")))
                    .projection(Projections.include("n")).sort(Sorts.descending("n")).limit(1).first();
            assertThat(projected).isEqualTo(new Document("_id", "lead-4").append("n", 4));
            // an ObjectId among the strings; a number listed as another type is still found (the engine's match)
            assertThat(leads.countDocuments(Filters.in("_id", List.of(oid, "lead-1")))).isEqualTo(2);
            assertThat(leads.find(Filters.in("_id", List.of(7.0, "lead-1"))).into(new ArrayList<>())).hasSize(2);
            // updates and deletes by a list of ids change exactly those documents
            assertThat(leads.updateMany(Filters.in("_id", List.of("lead-10", "lead-11", "nobody")),
                    Updates.set("seen", true)).getModifiedCount()).isEqualTo(2);
            assertThat(leads.countDocuments(Filters.eq("seen", true))).isEqualTo(2);
            assertThat(leads.deleteMany(Filters.in("_id", List.of("lead-12", "lead-13"))).getDeletedCount())
                    .isEqualTo(2);
            assertThat(leads.countDocuments()).isEqualTo(500);
        } finally {
            mongo.close();
        }
    }

    @Test
    void givenQueries_thenOnlyAPlainListOfStringOrObjectIdsIsTakenAsIs() {
        de.bwaldvogel.mongo.bson.Document strings = new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$in", List.of("a", "b")));
        assertThat(IdLookup.listsIds(strings)).isTrue();
        assertThat(IdLookup.listsIds(new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$in", List.of(new de.bwaldvogel.mongo.bson.ObjectId()))))).isTrue();
        assertThat(IdLookup.listsIds(new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$in", List.of("a", 1L))))).isFalse();
        assertThat(IdLookup.listsIds(new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$in", List.of("a")).append("$ne", "b")))).isFalse();
        assertThat(IdLookup.listsIds(new de.bwaldvogel.mongo.bson.Document(strings).append("version", 1L))).isFalse();
        assertThat(IdLookup.listsIds(new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$nin", List.of("a"))))).isFalse();
        assertThat(IdLookup.listsIds(new de.bwaldvogel.mongo.bson.Document("_id", "a"))).isFalse();
    }

    @Test
    void givenQueries_thenTheIdConditionIsFoundOnlyWhenItPinsOnePlainValue() {
        de.bwaldvogel.mongo.bson.Document pinned = new de.bwaldvogel.mongo.bson.Document("_id", "a")
                .append("version", 3L);
        de.bwaldvogel.mongo.bson.Document inAnd = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("_id", "b"), new de.bwaldvogel.mongo.bson.Document("v", 1)));
        de.bwaldvogel.mongo.bson.Document range = new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$gt", "a")).append("version", 3L);

        assertThat(IdLookup.idCondition(pinned)).isEqualTo(new de.bwaldvogel.mongo.bson.Document("_id", "a"));
        assertThat(IdLookup.idCondition(inAnd)).isEqualTo(new de.bwaldvogel.mongo.bson.Document("_id", "b"));
        // Filters.and(Filters.and(eq(_id), ne(...)), or(...)) renders as nested $and documents
        de.bwaldvogel.mongo.bson.Document nested = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("$and", List.of(new de.bwaldvogel.mongo.bson.Document("_id", "c"),
                        new de.bwaldvogel.mongo.bson.Document("applied", new de.bwaldvogel.mongo.bson.Document("$ne", 1)))),
                new de.bwaldvogel.mongo.bson.Document("$or", List.of(new de.bwaldvogel.mongo.bson.Document("v", 1)))));
        assertThat(IdLookup.idCondition(nested)).isEqualTo(new de.bwaldvogel.mongo.bson.Document("_id", "c"));
        de.bwaldvogel.mongo.bson.Document orOnly = new de.bwaldvogel.mongo.bson.Document("$or", List.of(
                new de.bwaldvogel.mongo.bson.Document("_id", "d"), new de.bwaldvogel.mongo.bson.Document("v", 1)));
        assertThat(IdLookup.idCondition(orOnly)).isNull();
        assertThat(IdLookup.idCondition(range)).isNull();
        assertThat(IdLookup.idCondition(new de.bwaldvogel.mongo.bson.Document("stage", "MQL"))).isNull();
    }

    /** The engine with the given backend: an H2 file in {@code dir}, or in memory. */
    private static EmbeddedMongo start(String backend, Path dir) {
        EmbeddedMongo.Builder builder = EmbeddedMongo.builder();
        if (backend.equals("h2")) {
            builder.dataFile(dir.resolve("mongo/funnel.mv.db"));
        }
        return builder.build().start();
    }

    private static MongoCollection<Document> leads(MongoClient client) {
        return client.getDatabase("local-stack-test").getCollection("leads");
    }
}
