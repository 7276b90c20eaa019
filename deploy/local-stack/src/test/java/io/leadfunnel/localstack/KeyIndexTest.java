package io.leadfunnel.localstack;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyIndexTest {

    @Test
    void theOrderIsTotalAndTakesNoKeyForAnother() {
        IndexKeyType type = new IndexKeyType();
        Random random = new Random(7);
        List<KeyValue> keys = new ArrayList<>();
        Object[] values = {"a", "b", "lead-1", "lead-10", "", 1.0, 2.5, -3.0, 7L, true, false, null, Missing.getInstance(),
                new de.bwaldvogel.mongo.bson.Document("x", 1.0)};
        for (int i = 0; i < 300; i++) {
            keys.add(random.nextBoolean()
                    ? new KeyValue(values[random.nextInt(values.length)])
                    : new KeyValue(values[random.nextInt(values.length)], values[random.nextInt(values.length)]));
        }
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                int ab = type.compare(a, b);
                assertThat(Integer.signum(ab)).as("%s vs %s", a, b).isEqualTo(-Integer.signum(type.compare(b, a)));
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
                for (KeyValue c : keys.subList(0, 40)) {
                    if (ab < 0 && type.compare(b, c) < 0) {
                        assertThat(type.compare(a, c)).as("%s < %s < %s", a, b, c).isNegative();
                    }
                }
            }
        }
    }

    @Test
    void keysComeBackEqualInTheirCompactFormAndKeysWrittenBeforeAreReadBesideThem() {
        IndexKeyType type = new IndexKeyType();
        de.bwaldvogel.mongo.bson.ObjectId id = new de.bwaldvogel.mongo.bson.ObjectId();
        List<KeyValue> compact = List.of(new KeyValue("lead-1"), new KeyValue(""), new KeyValue("Zoë — ☃"),
                new KeyValue(7), new KeyValue(1L << 40), new KeyValue(-0.5), new KeyValue(true), new KeyValue(id),
                new KeyValue((Object) null), new KeyValue(Missing.getInstance(), "b"), new KeyValue("a", null, 3L, id));
        KeyValue other = new KeyValue(new de.bwaldvogel.mongo.bson.Document("x", 1.0), "y");
        KeyValue before = new KeyValue("lead-0", Missing.getInstance());
        WriteBuffer buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, before); // as the store wrote every key before
        List<Integer> starts = new ArrayList<>();
        for (KeyValue key : compact) {
            starts.add(buffer.position());
            type.write(buffer, key);
        }
        int otherStart = buffer.position();
        type.write(buffer, other);

        ByteBuffer read = buffer.getBuffer();
        read.flip();
        assertThat(type.compare(type.read(read), before)).isZero();
        for (KeyValue key : compact) {
            assertThat(read.get(read.position())).as("%s in the compact form", key).isEqualTo(IndexKeyType.MARKER);
            KeyValue back = type.read(read);
            assertThat(back).isEqualTo(key);
            assertThat(type.compare(back, key)).isZero();
            for (int i = 0; i < key.size(); i++) {
                assertThat(back.get(i) == null ? null : back.get(i).getClass())
                        .isEqualTo(key.get(i) == null ? null : key.get(i).getClass());
            }
        }
        assertThat(read.get(otherStart)).as("a key with a subdocument stays in H2's encoding of any object")
                .isNotEqualTo(IndexKeyType.MARKER);
        assertThat(type.read(read)).isEqualTo(other);
        assertThat(read.hasRemaining()).as("every key read to its end").isFalse();
        assertThat(starts.get(1) - starts.get(0)).as("bytes of the key 'lead-1'").isLessThan(12);
    }

    @Test
    void uniqueIndexesOfTheFileFindAndRefuseAcrossARestart(@TempDir Path dir) {
        EmbeddedMongo mongo = EmbeddedMongo.builder().dataFile(dir.resolve("funnel.mv.db")).build().start();
        try {
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                MongoCollection<Document> leads = leads(client);
                leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
                for (int i = 0; i < 500; i++) {
                    leads.insertOne(new Document("_id", "lead-" + i).append("email", "l" + i + "@example.com"));
                }
                assertFound(leads);
            }
            mongo.stop();
            mongo.start();
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                assertFound(leads(client));
            }
        } finally {
            mongo.close();
        }
    }

    @Test
    void aFileWrittenWithTheBackendsOwnIndexesGetsItsIndexesBuiltWhenOpened(@TempDir Path dir) {
        Path file = dir.resolve("funnel.mv.db");
        H2Backend plain = new H2Backend(file.toString());
        MongoServer server = new MongoServer(plain);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> leads = leads(client);
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            for (int i = 0; i < 500; i++) {
                leads.insertOne(new Document("_id", "lead-" + i).append("email", "l" + i + "@example.com"));
            }
        } finally {
            server.shutdown();
        }
        assertThat(Files.exists(file)).isTrue();

        EmbeddedMongo mongo = EmbeddedMongo.builder().dataFile(file).build().start();
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertFound(leads(client));
        } finally {
            mongo.close();
        }
    }

    @Test
    void aDroppedIndexTakesItsKeysWithIt(@TempDir Path dir) {
        EmbeddedMongo mongo = EmbeddedMongo.builder().dataFile(dir.resolve("funnel.mv.db")).build().start();
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> leads = leads(client);
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_1"));
            leads.insertOne(new Document("_id", "lead-1").append("email", "same@example.com"));
            leads.dropIndex("email_1");

            leads.insertOne(new Document("_id", "lead-2").append("email", "same@example.com"));
            assertThat(leads.countDocuments(Filters.eq("email", "same@example.com"))).isEqualTo(2);

            assertThatThrownBy(() -> leads.createIndex(Indexes.ascending("email"),
                    new IndexOptions().unique(true).name("email_1"))).isInstanceOf(RuntimeException.class);
        } finally {
            mongo.close();
        }
    }

    @Test
    void aRenamedCollectionKeepsItsIndexesAcrossARestart(@TempDir Path dir) {
        EmbeddedMongo mongo = EmbeddedMongo.builder().dataFile(dir.resolve("funnel.mv.db")).build().start();
        try {
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                MongoDatabase database = client.getDatabase("key-index-test");
                // what the target held before is dropped first, as a collection built apart replaces it
                database.getCollection("leads").insertOne(new Document("_id", "lead-0").append("email", "old@x"));
                MongoCollection<Document> building = database.getCollection("leads_building");
                building.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
                for (int i = 0; i < 500; i++) {
                    building.insertOne(new Document("_id", "lead-" + i).append("email", "l" + i + "@example.com"));
                }
                database.getCollection("leads").drop();
                building.renameCollection(new MongoNamespace("key-index-test", "leads"));
                assertFound(leads(client));
            }
            mongo.stop();
            mongo.start();
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                assertFound(leads(client));
                assertThat(client.getDatabase("key-index-test").listCollectionNames().into(new ArrayList<>()))
                        .doesNotContain("leads_building");
            }
        } finally {
            mongo.close();
        }
    }

    @Test
    void updatesKeepTheIndexRightWhetherTheyChangeItsFieldsOrNot(@TempDir Path dir) {
        EmbeddedMongo mongo = EmbeddedMongo.builder().dataFile(dir.resolve("funnel.mv.db")).build().start();
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> leads = leads(client);
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            leads.createIndex(Indexes.ascending("crm.id"), new IndexOptions().unique(true).sparse(true));
            leads.insertOne(new Document("_id", "a").append("email", "a@example.com").append("n", 1)
                    .append("crm", new Document("id", "c-1")));
            leads.insertOne(new Document("_id", "b").append("email", "b@example.com").append("n", 1));

            // fields outside the index change; the indexed ones stay as they were
            leads.updateOne(Filters.eq("_id", "a"), Updates.combine(Updates.set("n", 2), Updates.set("stage", "MQL")));
            // an indexed field changes to a value another document holds, and is refused
            assertThatThrownBy(() -> leads.updateOne(Filters.eq("_id", "b"), Updates.set("email", "a@example.com")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> leads.updateOne(Filters.eq("_id", "b"), Updates.set("crm.id", "c-1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            // an indexed field changes to a free value: found by it, and the old value is free again
            leads.updateOne(Filters.eq("_id", "a"), Updates.set("email", "a2@example.com"));
            leads.updateOne(Filters.eq("_id", "b"), Updates.set("email", "a@example.com"));
            // a number of another type equal in value is the same key
            leads.updateOne(Filters.eq("_id", "b"), Updates.set("email", 5));
            leads.updateOne(Filters.eq("_id", "b"), Updates.set("email", 5.0));
            assertThatThrownBy(() -> leads.insertOne(new Document("_id", "c").append("email", 5L)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            // an indexed field removed from a document: its key leaves the index
            leads.updateOne(Filters.eq("_id", "a"), Updates.unset("crm"));
            leads.insertOne(new Document("_id", "d").append("email", "d@example.com")
                    .append("crm", new Document("id", "c-1")));

            assertThat(leads.find(Filters.eq("email", "a2@example.com")).first()).containsEntry("_id", "a")
                    .containsEntry("n", 2).containsEntry("stage", "MQL");
            assertThat(leads.find(Filters.eq("email", 5)).first()).containsEntry("_id", "b");
            assertThat(leads.find(Filters.eq("email", "a@example.com")).first()).isNull();
            assertThat(leads.find(Filters.eq("crm.id", "c-1")).first()).containsEntry("_id", "d");
        } finally {
            mongo.close();
        }
    }

    private static void assertFound(MongoCollection<Document> leads) {
        for (int i = 0; i < 500; i += 37) {
            assertThat(leads.find(Filters.eq("_id", "lead-" + i)).first()).containsEntry("email", "l" + i + "@example.com");
            assertThat(leads.find(Filters.eq("email", "l" + i + "@example.com")).first()).containsEntry("_id", "lead-" + i);
        }
        assertThat(leads.find(Filters.in("_id", List.of("lead-3", "lead-499", "nobody"))).into(new ArrayList<>()))
                .hasSize(2);
        assertThatThrownBy(() -> leads.insertOne(new Document("_id", "lead-1")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> leads.insertOne(new Document("_id", "other").append("email", "l7@example.com")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
    }

    private static MongoCollection<Document> leads(MongoClient client) {
        return client.getDatabase("key-index-test").getCollection("leads");
    }
}
