package io.leadfunnel.runtime;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The wire-protocol MongoDB engine (mongo-java-server, in memory) for a test class, with a client to it:
 * {@code @RegisterExtension static final WireProtocolMongo MONGO = new WireProtocolMongo();}. funnel-runtime cannot
 * depend on funnel-testing, whose engines the services' tests use; the stores here are tested against this one.
 */
public final class WireProtocolMongo implements BeforeAllCallback, AfterAllCallback {

    private MongoServer server;
    private MongoClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.shutdownNow();
    }

    /** The collection, dropped first, so each test starts with none of the last one's documents. */
    public MongoCollection<Document> emptyCollection(String database, String collection) {
        MongoCollection<Document> documents = client.getDatabase(database).getCollection(collection);
        documents.drop();
        return documents;
    }
}
