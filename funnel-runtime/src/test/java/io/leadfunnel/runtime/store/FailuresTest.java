package io.leadfunnel.runtime.store;

import com.mongodb.MongoClientException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void an_unreachable_database_and_contention_pass_with_time() {
        assertThat(Failures.isTransient(new MongoTimeoutException("no server selected"))).isTrue();
        assertThat(Failures.isTransient(new MongoSocketOpenException("refused", new ServerAddress()))).isTrue();
        assertThat(Failures.isTransient(new ConcurrentUpdateException("lead l-1 changed 10 times"))).isTrue();
        assertThat(Failures.isTransient(new IllegalStateException("wrapped",
                new MongoTimeoutException("no server selected")))).as("a cause in the chain").isTrue();
    }

    @Test
    void a_server_that_went_away_in_the_middle_of_an_operation_passes_with_time() {
        // what the driver throws when MongoDB stops while a write is on the wire
        ServerId server = new ServerId(new ClusterId(), new ServerAddress());
        MongoSocketReadException cut = new MongoSocketReadException("Prematurely reached end of stream",
                new ServerAddress());

        assertThat(Failures.isTransient(new MongoConnectionPoolClearedException(server, cut))).isTrue();
        assertThat(Failures.isTransient(new MongoConnectionPoolClearedException(server, null))).isTrue();
        assertThat(Failures.isTransient(new MongoClientException("wrapping", cut))).as("a transient cause of a "
                + "MongoDB failure that is not transient itself").isTrue();
    }

    @Test
    void a_refused_write_and_a_bug_never_pass() {
        MongoWriteException refused = new MongoWriteException(
                new WriteError(2, "document too large", new BsonDocument()), new ServerAddress());
        assertThat(Failures.isTransient(refused)).isFalse();
        assertThat(Failures.isTransient(new NullPointerException())).isFalse();
        assertThat(Failures.mongoCause(new RuntimeException(refused))).isSameAs(refused);
    }
}
