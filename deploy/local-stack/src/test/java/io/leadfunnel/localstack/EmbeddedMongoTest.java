package io.leadfunnel.localstack;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedMongoTest {

    @Test
    void theMemoryBackendStoresAndFindsDocuments() {
        try (EmbeddedMongo mongo = EmbeddedMongo.builder().build().start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            leads(client).insertOne(new Document("_id", "lead-1").append("email", "ada@example.com"));

            assertThat(leads(client).find(new Document("_id", "lead-1")).first())
                    .containsEntry("email", "ada@example.com");
        }
    }

    @Test
    void theH2FileBackendKeepsDataAndPortAcrossARestart(@TempDir Path dir) {
        EmbeddedMongo mongo = EmbeddedMongo.builder().dataFile(dir.resolve("mongo/funnel.mv.db")).build().start();
        try {
            String address = mongo.connectionString();
            try (MongoClient client = MongoClients.create(address)) {
                leads(client).insertOne(new Document("_id", "lead-2").append("stage", "MQL"));
            }

            mongo.stop();
            mongo.start();

            assertThat(mongo.connectionString()).isEqualTo(address);
            try (MongoClient client = MongoClients.create(address)) {
                assertThat(leads(client).find(new Document("_id", "lead-2")).first())
                        .containsEntry("stage", "MQL");
            }
        } finally {
            mongo.close();
        }
    }

    @Test
    void theMemoryBackendRefusesWhileStoppedAndKeepsDataForTheNextStart() {
        EmbeddedMongo mongo = EmbeddedMongo.builder().build().start();
        String address = mongo.connectionString() + "/?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000";
        try (MongoClient client = MongoClients.create(address)) {
            leads(client).insertOne(new Document("_id", "lead-3").append("stage", "SAL"));

            mongo.stop();
            assertThatThrownBy(() -> leads(client).countDocuments()).isInstanceOf(MongoException.class);

            mongo.start();
            assertThat(leads(client).find(new Document("_id", "lead-3")).first()).containsEntry("stage", "SAL");
        } finally {
            mongo.close();
        }
    }

    private static MongoCollection<Document> leads(MongoClient client) {
        return client.getDatabase("local-stack-test").getCollection("leads");
    }
}
