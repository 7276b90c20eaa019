package io.leadfunnel.localstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The local engine's documents stored as BSON: the same values back, and files written before still read. */
class BsonValueTypeTest {

    @Test
    void aDocumentComesBackAsItWasWrittenAndValuesWrittenBeforeAreReadBesideIt() {
        BsonValueType type = new BsonValueType();
        Document old = new Document("_id", "lead-0").append("stage", "MQL");
        Document everyKind = new Document("_id", "lead-1")
                .append("text", "Zoë — ☃")
                .append("int", 7)
                .append("long", 1L << 40)
                .append("double", -0.5)
                .append("flag", true)
                .append("nothing", null)
                .append("when", Instant.ofEpochMilli(1_790_000_000_123L))
                .append("oid", new ObjectId())
                .append("uuid", UUID.randomUUID())
                .append("bytes", new BinData(new byte[] {1, 2, 3}))
                .append("amount", new Decimal128(new BigDecimal("1234.5678")))
                .append("list", new ArrayList<>(List.of(1, "two", new Document("three", 3L))))
                .append("nested", new Document("a", new Document("b", new ArrayList<>())));
        WriteBuffer buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, old); // as the store wrote documents before
        type.write(buffer, everyKind);
        type.write(buffer, new Document());

        ByteBuffer read = buffer.getBuffer();
        read.flip();
        assertThat(type.read(read)).isEqualTo(old);
        Document back = type.read(read);
        assertThat(back).isEqualTo(everyKind);
        assertThat(back.get("long")).isInstanceOf(Long.class);
        assertThat(back.get("int")).isInstanceOf(Integer.class);
        assertThat(type.read(read)).isEqualTo(new Document());
        assertThat(read.hasRemaining()).as("every value read to its end").isFalse();
    }

    @Test
    void aDocumentLargerThanBsonAllowsIsStoredAndReadBack() {
        BsonValueType type = new BsonValueType();
        List<Object> entries = new ArrayList<>();
        String text = "x".repeat(1000);
        for (int i = 0; i < 17_500; i++) {
            entries.add(new Document("seq", (long) i).append("c", text));
        }
        Document large = new Document("_id", "lead.events-0").append("entries", entries);
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, large);
        type.write(buffer, new Document("_id", "next"));

        ByteBuffer read = buffer.getBuffer();
        read.flip();
        assertThat(type.read(read)).isEqualTo(large);
        assertThat(type.read(read)).isEqualTo(new Document("_id", "next"));
    }

    @Test
    void aFileWrittenWithJavaSerializationIsReadUpdatedAndReadAgain(@TempDir Path dir) {
        Path file = dir.resolve("mongo/funnel.mv.db");
        file.getParent().toFile().mkdirs();
        // the engine's file as the H2 backend wrote it before documents were stored as BSON
        MongoServer before = new MongoServer(new H2Backend(file.toString()));
        InetSocketAddress at = before.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + at.getPort())) {
            for (int i = 0; i < 500; i++) {
                leads(client).insertOne(new org.bson.Document("_id", "lead-" + i).append("stage", "LEAD")
                        .append("n", i));
            }
        }
        before.shutdownNow();

        EmbeddedMongo mongo = EmbeddedMongo.builder().dataFile(file).build().start();
        try {
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                assertThat(leads(client).find(Filters.eq("_id", "lead-7")).first()).containsEntry("n", 7);
                leads(client).updateOne(Filters.eq("_id", "lead-7"), Updates.set("stage", "MQL"));
                leads(client).insertOne(new org.bson.Document("_id", "lead-new").append("stage", "SAL"));
            }
            mongo.stop();
            mongo.start();
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                assertThat(leads(client).find(Filters.eq("_id", "lead-7")).first()).containsEntry("stage", "MQL");
                assertThat(leads(client).find(Filters.eq("_id", "lead-8")).first()).containsEntry("stage", "LEAD");
                assertThat(leads(client).find(Filters.eq("_id", "lead-new")).first()).containsEntry("stage", "SAL");
                assertThat(leads(client).countDocuments()).isEqualTo(501);
            }
        } finally {
            mongo.close();
        }
    }

    @Test
    void anUpdateStoresAChangedCopyAndLeavesTheStoredDocumentAsItWas(@TempDir Path dir) {
        IdLookupH2Backend backend = new IdLookupH2Backend(dir.resolve("funnel.mv.db").toString());
        MongoServer server = new MongoServer(backend);
        InetSocketAddress at = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + at.getPort())) {
            leads(client).insertOne(new org.bson.Document("_id", "lead-1").append("stage", "LEAD")
                    .append("outbox", List.of("e1")).append("score", new org.bson.Document("fit", 10))
                    .append("history", List.of(new org.bson.Document("at", 1))).append("tags", List.of("x")));
            org.h2.mvstore.MVMap<Object, Document> stored = backend.getMvStore().openMap(
                    "databases.local-stack-test.leads");
            Document before = stored.values().iterator().next();
            Document copy = before.cloneDeeply();

            leads(client).updateOne(Filters.eq("_id", "lead-1"), Updates.combine(Updates.set("stage", "MQL"),
                    Updates.unset("outbox")));
            leads(client).findOneAndUpdate(Filters.eq("_id", "lead-1"), Updates.set("owner", "rep-1"));
            // changes below the top level: a subdocument's field, an element of a list and a list's length
            Document beforeNested = stored.values().iterator().next();
            Document nestedCopy = beforeNested.cloneDeeply();
            leads(client).updateOne(Filters.eq("_id", "lead-1"), Updates.combine(Updates.inc("score.fit", 5),
                    Updates.set("history.0.at", 2), Updates.push("tags", "y")));

            assertThat(before).as("the object a page being written may hold").isEqualTo(copy);
            assertThat(beforeNested).as("the same, and the values below its top level").isEqualTo(nestedCopy);
            Document after = stored.values().iterator().next();
            assertThat(after).isNotSameAs(before);
            assertThat(after).containsEntry("stage", "MQL").containsEntry("owner", "rep-1").doesNotContainKey("outbox")
                    .containsEntry("score", new Document("fit", 15))
                    .containsEntry("history", List.of(new Document("at", 2))).containsEntry("tags", List.of("x", "y"));
            assertThat(leads(client).find().first()).containsEntry("stage", "MQL").containsEntry("owner", "rep-1");
        } finally {
            server.shutdownNow();
        }
    }

    private static MongoCollection<org.bson.Document> leads(MongoClient client) {
        return client.getDatabase("local-stack-test").getCollection("leads");
    }

    @Test
    void aDocumentsEstimatedSizeIsItsBsonSizeForTextNumbersAndFlags() {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            list.add(i % 2 == 0 ? "entry-" + i : new Document("seq", (long) i).append("n", i));
        }
        Document document = new Document("_id", "lead-1").append("stage", "MQL").append("version", 3L)
                .append("score", 71).append("rate", 0.25).append("open", true).append("reason", null)
                .append("owner", new Document("id", "rep-7").append("team", new Document("name", "EMEA")))
                .append("entries", list);
        ByteBuf encoded = Unpooled.buffer();
        BsonEncoder.encodeDocument(document, encoded);

        assertThat(BsonValueType.estimatedSize(document)).isEqualTo(encoded.readableBytes());
    }

    @Test
    void aSmallDocumentCountsAsSmallAfterLargeOnesWereWritten() {
        BsonValueType type = new BsonValueType();
        Document small = new Document("_id", "lead-1").append("stage", "MQL");
        int before = type.getMemory(small);
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            entries.add(new Document("seq", (long) i).append("c", new BinData(new byte[1_000])));
        }
        Document log = new Document("_id", "rebuild-0").append("entries", entries);
        WriteBuffer buffer = new WriteBuffer();
        for (int i = 0; i < 8; i++) {
            type.write(buffer, log);
        }

        assertThat(type.getMemory(small)).isEqualTo(before).isLessThan(200);
        assertThat(type.getMemory(log)).isGreaterThan(2 * 1_500 * 1_000);
    }
}
