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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
