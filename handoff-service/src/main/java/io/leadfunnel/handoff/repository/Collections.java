package io.leadfunnel.handoff.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's MongoDB collections. */
@ApplicationScoped
public class Collections {

    public static final String LIFECYCLES = "lifecycles";
    public static final String DEFINITIONS = "definitions";
    public static final String POINTERS = "pointers";
    public static final String REPS = "reps";
    public static final String ROUTING = "routing";
    public static final String ROTATIONS = "rotations";
    public static final String OPEN_HANDOFFS = "openHandoffs";

    private final MongoClient client;
    private final String database;

    public Collections(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.client = client;
        this.database = database;
    }

    public MongoCollection<Document> get(String name) {
        return client.getDatabase(database).getCollection(name);
    }
}
