package io.leadfunnel.runtime.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.leadfunnel.runtime.WireProtocolMongo;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Concurrent callers' inserts against the wire-protocol MongoDB engine: those that arrive while a write is in flight go
 * out together in the next one, each caller learns only what became of its own documents, and a failed write fails
 * every caller it carried.
 */
class GroupedInsertsTest {

    @RegisterExtension
    static final WireProtocolMongo MONGO = new WireProtocolMongo();

    private MongoCollection<Document> leads;
    /** The size of each insertMany sent, in order. */
    private final List<Integer> writes = new CopyOnWriteArrayList<>();
    /** Holds the first write until released, so that the others queue behind it. */
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holdFirst;
    private volatile RuntimeException failNext;

    @BeforeEach
    void empty() {
        leads = MONGO.emptyCollection("grouped", "leads");
        leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).sparse(true));
    }

    @SuppressWarnings("unchecked")
    private Supplier<MongoCollection<Document>> recorded() {
        MongoCollection<Document> proxy = (MongoCollection<Document>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {MongoCollection.class}, (self, method, args) -> {
                    if (method.getName().equals("insertMany")) {
                        writes.add(((List<?>) args[0]).size());
                        if (writes.size() == 1 && holdFirst) {
                            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                        }
                        RuntimeException failure = failNext;
                        if (failure != null) {
                            failNext = null;
                            throw failure;
                        }
                    }
                    try {
                        return method.invoke(leads, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return () -> proxy;
    }

    private void awaitFirstWrite() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writes.isEmpty()) {
            assertThat(System.nanoTime()).as("the first write started").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static Document lead(String id, String email) {
        return new Document("_id", id).append("email", email);
    }

    @Test
    void callers_that_arrive_while_a_write_is_in_flight_go_out_together_in_the_next() throws Exception {
        GroupedInserts<Document> inserts = new GroupedInserts<>(recorded(), 1000);
        holdFirst = true;
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<GroupedInserts.Refused> first = pool.submit(() -> inserts.insert(List.of(lead("first", "f@x"))));
            awaitFirstWrite();
            List<Future<GroupedInserts.Refused>> others = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                others.add(pool.submit(() -> inserts.insert(List.of(lead("a" + n, "a" + n + "@x"),
                        lead("b" + n, "b" + n + "@x")))));
            }
            Thread.sleep(300); // all ten queued behind the held write

            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS).errors()).isEmpty();
            for (Future<GroupedInserts.Refused> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS).errors()).isEmpty();
            }
            assertThat(writes).containsExactly(1, 20);
            assertThat(leads.countDocuments()).isEqualTo(21);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void each_caller_learns_which_of_its_own_documents_the_server_refused() throws Exception {
        leads.insertOne(lead("stored", "taken@x"));
        GroupedInserts<Document> inserts = new GroupedInserts<>(recorded(), 1000);
        holdFirst = true;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<GroupedInserts.Refused> first = pool.submit(() -> inserts.insert(List.of(lead("first", "f@x"))));
            awaitFirstWrite();
            Future<GroupedInserts.Refused> clean = pool.submit(() -> inserts.insert(List.of(lead("c1", "c1@x"),
                    lead("c2", "c2@x"))));
            Future<GroupedInserts.Refused> clashing = pool.submit(() -> inserts.insert(List.of(lead("d1", "d1@x"),
                    lead("d2", "taken@x"), lead("d3", "d3@x"))));
            Thread.sleep(300);

            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS).errors()).isEmpty();
            assertThat(clean.get(10, TimeUnit.SECONDS).errors()).isEmpty();
            GroupedInserts.Refused refused = clashing.get(10, TimeUnit.SECONDS);
            assertThat(refused.errors()).containsOnlyKeys(1);
            assertThat(ErrorCategory.fromErrorCode(refused.errors().get(1).getCode()))
                    .isEqualTo(ErrorCategory.DUPLICATE_KEY);
            assertThat(refused.exception()).isNotNull();
            assertThat(writes).containsExactly(1, 5);
            assertThat(leads.countDocuments()).isEqualTo(6);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_write_that_fails_fails_every_caller_it_carried_and_the_next_write_goes_on() {
        GroupedInserts<Document> inserts = new GroupedInserts<>(recorded(), 1000);
        failNext = new MongoSocketReadException("connection reset", new ServerAddress());

        assertThatThrownBy(() -> inserts.insert(List.of(lead("lost", "lost@x"))))
                .isInstanceOf(MongoSocketReadException.class);
        assertThat(inserts.insert(List.of(lead("next", "next@x"))).errors()).isEmpty();
        assertThat(leads.countDocuments()).isEqualTo(1);
    }

    @Test
    void a_write_holds_at_most_the_limit_and_the_rest_goes_in_the_next() throws Exception {
        GroupedInserts<Document> inserts = new GroupedInserts<>(recorded(), 4);
        holdFirst = true;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<GroupedInserts.Refused> first = pool.submit(() -> inserts.insert(List.of(lead("first", "f@x"))));
            awaitFirstWrite();
            List<Future<GroupedInserts.Refused>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                others.add(pool.submit(() -> inserts.insert(List.of(lead("a" + n, "a" + n + "@x"),
                        lead("b" + n, "b" + n + "@x")))));
                Thread.sleep(100); // queued in this order
            }

            release.countDown();

            first.get(10, TimeUnit.SECONDS);
            for (Future<GroupedInserts.Refused> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS).errors()).isEmpty();
            }
            assertThat(writes).containsExactly(1, 4, 2);
            assertThat(leads.countDocuments()).isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
    }
}
