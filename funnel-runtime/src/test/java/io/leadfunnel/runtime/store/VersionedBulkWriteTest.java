package io.leadfunnel.runtime.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.leadfunnel.runtime.WireProtocolMongo;
import io.leadfunnel.runtime.store.VersionedBulkWrite.Write;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The version-guarded bulk write against the wire-protocol MongoDB engine the tests and the local stack run. */
class VersionedBulkWriteTest {

    @RegisterExtension
    static final WireProtocolMongo MONGO = new WireProtocolMongo();

    private MongoCollection<Document> leads;

    @BeforeEach
    void empty() {
        leads = MONGO.emptyCollection("bulk", "leads");
    }

    private static Write bump(String id, long readVersion, String value) {
        return new Write(id, readVersion, Updates.combine(Updates.set("version", readVersion + 1),
                Updates.set("value", value)));
    }

    @Test
    void creates_and_updates_in_one_bulk_write_and_names_each_lost_race() {
        leads.insertOne(new Document("_id", "current").append("version", 3L).append("value", "old"));
        leads.insertOne(new Document("_id", "moved-on").append("version", 5L).append("value", "theirs"));
        leads.insertOne(new Document("_id", "taken").append("version", 1L).append("value", "theirs"));

        VersionedBulkWrite.Result result = VersionedBulkWrite.write(leads, "version", List.of(
                bump("current", 3, "ours"),
                bump("moved-on", 4, "ours"),
                bump("new", 0, "ours"),
                bump("taken", 0, "ours")));

        assertThat(result.written()).containsExactlyInAnyOrder("current", "new");
        assertThat(result.conflicted()).containsExactlyInAnyOrder("moved-on", "taken");
        assertThat(result.refused()).isEmpty();
        assertThat(leads.find(Filters.eq("_id", "current")).first())
                .containsEntry("version", 4L).containsEntry("value", "ours");
        assertThat(leads.find(Filters.eq("_id", "moved-on")).first())
                .containsEntry("version", 5L).containsEntry("value", "theirs");
        assertThat(leads.find(Filters.eq("_id", "taken")).first()).containsEntry("value", "theirs");
        assertThat(leads.find(Filters.eq("_id", "new")).first())
                .containsEntry("version", 1L).containsEntry("value", "ours");
        assertThat(leads.countDocuments()).isEqualTo(4);
    }

    @Test
    void a_refused_write_is_reported_for_its_lead_alone() {
        leads.insertOne(new Document("_id", "good").append("version", 1L));
        leads.insertOne(new Document("_id", "bad").append("version", 1L).append("value", "text"));

        VersionedBulkWrite.Result result = VersionedBulkWrite.write(leads, "version", List.of(
                new Write("bad", 1, Updates.combine(Updates.set("version", 2L), Updates.inc("value", 1))),
                bump("good", 1, "ours")));

        assertThat(result.refused()).containsOnlyKeys("bad");
        assertThat(result.written()).containsExactly("good");
        assertThat(result.conflicted()).isEmpty();
        assertThat(leads.find(Filters.eq("_id", "good")).first()).containsEntry("version", 2L);
    }

    @Test
    void nothing_to_write_sends_nothing() {
        VersionedBulkWrite.Result result = VersionedBulkWrite.write(leads, "version", List.<Write>of());

        assertThat(result.written()).isEmpty();
        assertThat(result.conflicted()).isEmpty();
    }

    private static Write change(String id, long readVersion, String value) {
        return Write.changes(id, readVersion, Updates.combine(Updates.set("version", readVersion + 1),
                Updates.set("value", value)));
    }

    /** The collection, recording the name of every method called on it. */
    @SuppressWarnings("unchecked")
    private MongoCollection<Document> recording(List<String> calls) {
        return (MongoCollection<Document>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(leads, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void a_write_of_changed_fields_never_creates_a_document_and_names_each_lost_race() {
        leads.insertOne(new Document("_id", "current").append("version", 3L).append("value", "old")
                .append("kept", "as stored"));
        // moved on by another writer to the very version this write would have given it
        leads.insertOne(new Document("_id", "moved-on").append("version", 5L).append("value", "theirs"));
        leads.insertOne(new Document("_id", "taken").append("version", 1L).append("value", "theirs"));
        List<String> calls = new ArrayList<>();

        VersionedBulkWrite.Result result = VersionedBulkWrite.write(recording(calls), "version", List.of(
                change("current", 3, "ours"),
                change("moved-on", 4, "ours"),
                change("gone", 2, "ours"),
                bump("new", 0, "ours"),
                bump("taken", 0, "ours")));

        assertThat(result.written()).containsExactlyInAnyOrder("current", "new");
        assertThat(result.conflicted()).containsExactlyInAnyOrder("moved-on", "gone", "taken");
        assertThat(leads.find(Filters.eq("_id", "current")).first()).containsEntry("version", 4L)
                .containsEntry("value", "ours").containsEntry("kept", "as stored");
        assertThat(leads.find(Filters.eq("_id", "moved-on")).first()).containsEntry("version", 5L)
                .containsEntry("value", "theirs");
        assertThat(leads.find(Filters.eq("_id", "gone")).first()).isNull();
        assertThat(leads.countDocuments()).isEqualTo(4);
        // the changes that lost were told apart by one read of the write tokens
        assertThat(calls).containsExactly("bulkWrite", "withDocumentClass");
    }

    @Test
    void changed_fields_that_all_land_are_one_bulk_write_and_no_read() {
        leads.insertOne(new Document("_id", "a").append("version", 1L));
        leads.insertOne(new Document("_id", "b").append("version", 7L));
        List<String> calls = new ArrayList<>();

        VersionedBulkWrite.Result result = VersionedBulkWrite.write(recording(calls), "version", List.of(
                change("a", 1, "ours"), change("b", 7, "ours"), bump("c", 0, "ours")));

        assertThat(result.written()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(result.conflicted()).isEmpty();
        assertThat(calls).containsExactly("bulkWrite");
    }

    @Test
    void a_document_not_stored_yet_cannot_be_written_as_changes() {
        assertThatThrownBy(() -> change("new", 0, "ours")).isInstanceOf(IllegalArgumentException.class);
    }
}
