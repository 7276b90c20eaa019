package io.leadfunnel.scoring.service;

import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.client.MongoClient;
import io.leadfunnel.scoring.repository.ModelRepository;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import org.bson.BsonDocument;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model store of the Quarkus tests: the real one, except that a test can make MongoDB's refusal of a write (a
 * document failing validation, which no retry cures) hit the progress of one version's re-scoring.
 */
@Alternative
@Priority(1)
@Singleton // not proxied: the store it extends has no no-args constructor
public class RefusingModelRepository extends ModelRepository {

    /** What the refused write's server message quotes; it must not reach the API or the log. */
    public static final String QUOTED_VALUE = "maria.keller@acme-robotics.example";

    private final Set<Integer> refused = ConcurrentHashMap.newKeySet();

    public RefusingModelRepository(MongoClient client,
                                   @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        super(client, database);
    }

    /** Refuses every write of {@code version}'s re-scoring progress while it is running, until {@link #accept}. */
    public void refuseProgressOf(int version) {
        refused.add(version);
    }

    public void accept(int version) {
        refused.remove(version);
    }

    @Override
    public void recordProgress(int version, Rescoring rescoring) {
        if (rescoring.running() && refused.contains(version)) {
            throw new MongoWriteException(new WriteError(121, "Document failed validation: { email: \""
                    + QUOTED_VALUE + "\" }", new BsonDocument()), new ServerAddress());
        }
        super.recordProgress(version, rescoring);
    }
}
