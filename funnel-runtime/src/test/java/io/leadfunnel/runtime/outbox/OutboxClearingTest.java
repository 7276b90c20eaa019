package io.leadfunnel.runtime.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.leadfunnel.runtime.WireProtocolMongo;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bulk clearing against the wire-protocol MongoDB engine the local stack runs. */
class OutboxClearingTest {

    @RegisterExtension
    static final WireProtocolMongo MONGO = new WireProtocolMongo();

    private MongoCollection<Document> leads;

    @BeforeEach
    void empty() {
        leads = MONGO.emptyCollection("outbox", "leads");
    }

    private void store(String id, long version, String... eventIds) {
        List<Document> outbox = new ArrayList<>();
        for (String eventId : eventIds) {
            outbox.add(new Document("eventId", eventId).append("payload", "{}"));
        }
        Document doc = new Document("_id", id).append("version", version).append("outbox", outbox);
        if (eventIds.length > 0) {
            doc.append("outboxPending", true);
        }
        leads.insertOne(doc);
    }

    private static OutboxStore.Published acked(String id, long readVersion, List<String> read, List<String> acked) {
        List<OutboxEvent> events = read.stream().map(e -> new OutboxEvent(e, "T", "{}")).toList();
        return new OutboxStore.Published(new PendingOutbox(id, readVersion, events), acked);
    }

    /** The collection, recording the size of every bulk write sent through it. */
    @SuppressWarnings("unchecked")
    private MongoCollection<Document> recording(List<Integer> bulkWrites) {
        return (MongoCollection<Document>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("bulkWrite")) {
                        bulkWrites.add(((List<?>) args[0]).size());
                    }
                    try {
                        return method.invoke(leads, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Document lead(String id) {
        return leads.find(Filters.eq("_id", id)).first();
    }

    private static List<String> outbox(Document lead) {
        return lead.getList("outbox", Document.class).stream().map(e -> e.getString("eventId")).toList();
    }

    @Test
    void a_whole_outbox_unchanged_since_it_was_read_goes_with_its_flag() {
        store("a", 3, "a1", "a2");
        store("b", 7, "b1");

        OutboxClearing.clear(leads, List.of(acked("a", 3, List.of("a1", "a2"), List.of("a1", "a2")),
                acked("b", 7, List.of("b1"), List.of("b1"))));

        for (String id : List.of("a", "b")) {
            assertThat(outbox(lead(id))).isEmpty();
            assertThat(lead(id).containsKey("outboxPending")).isFalse();
        }
        assertThat(lead("a").getLong("version")).isEqualTo(4);
        assertThat(lead("b").getLong("version")).isEqualTo(8);
    }

    @Test
    void a_pass_whose_leads_were_not_written_since_is_one_bulk_write_of_one_update_per_lead() {
        store("a", 3, "a1", "a2");
        store("b", 7, "b1");
        store("c", 2, "c1", "c2");
        List<Integer> bulkWrites = new ArrayList<>();

        OutboxClearing.clear(recording(bulkWrites), List.of(acked("a", 3, List.of("a1", "a2"), List.of("a1", "a2")),
                acked("b", 7, List.of("b1"), List.of("b1")), acked("c", 2, List.of("c1", "c2"), List.of("c1"))));

        assertThat(bulkWrites).containsExactly(3);
        assertThat(outbox(lead("a"))).isEmpty();
        assertThat(outbox(lead("c"))).containsExactly("c2");
        assertThat(lead("c").getBoolean("outboxPending")).isTrue();
    }

    @Test
    void events_appended_since_the_read_stay_and_keep_the_flag() {
        store("a", 3, "a1");
        leads.updateOne(Filters.eq("_id", "a"), Updates.combine(Updates.push("outbox", new Document("eventId", "a2")),
                Updates.inc("version", 1L)));

        OutboxClearing.clear(leads, List.of(acked("a", 3, List.of("a1"), List.of("a1"))));

        assertThat(outbox(lead("a"))).containsExactly("a2");
        assertThat(lead("a").getBoolean("outboxPending")).isTrue();
        assertThat(lead("a").getLong("version")).isEqualTo(5);
    }

    @Test
    void a_lead_written_since_the_read_loses_its_published_events_and_with_the_last_of_them_its_flag() {
        store("a", 3, "a1");
        leads.updateOne(Filters.eq("_id", "a"), Updates.combine(Updates.set("stage", "MQL"),
                Updates.inc("version", 1L)));

        List<Integer> bulkWrites = new ArrayList<>();
        OutboxClearing.clear(recording(bulkWrites), List.of(acked("a", 3, List.of("a1"), List.of("a1"))));

        assertThat(bulkWrites).as("the guarded update, then the pull and the flag").containsExactly(1, 2);
        assertThat(outbox(lead("a"))).isEmpty();
        assertThat(lead("a").containsKey("outboxPending")).isFalse();
        assertThat(lead("a").getString("stage")).isEqualTo("MQL");
    }

    @Test
    void a_lead_written_again_while_its_first_event_waited_for_the_broker_ends_with_no_event_and_no_flag() {
        // the relay read a1 at version 1; a second write appended a2 (version 2) and handed over [a1, a2]
        store("a", 2, "a1", "a2");

        // the first pass's clearing misses its version and pulls a1; a2 keeps the flag
        OutboxClearing.clear(leads, List.of(acked("a", 1, List.of("a1"), List.of("a1"))));
        assertThat(outbox(lead("a"))).containsExactly("a2");
        assertThat(lead("a").getBoolean("outboxPending")).isTrue();

        // the second pass read version 2, which that pull moved on: its clearing misses too, and its pull empties it
        OutboxClearing.clear(leads, List.of(acked("a", 2, List.of("a1", "a2"), List.of("a1", "a2"))));
        assertThat(outbox(lead("a"))).isEmpty();
        assertThat(lead("a").containsKey("outboxPending"))
                .as("no pass reads this lead again until a sweep, so the clearing itself must drop the flag").isFalse();
    }

    @Test
    void a_partly_acknowledged_outbox_keeps_the_rest_and_its_flag() {
        store("a", 3, "a1", "a2", "a3");

        OutboxClearing.clear(leads, List.of(acked("a", 3, List.of("a1", "a2", "a3"), List.of("a1"))));

        assertThat(outbox(lead("a"))).containsExactly("a2", "a3");
        assertThat(lead("a").getBoolean("outboxPending")).isTrue();
        assertThat(lead("a").getLong("version")).isEqualTo(4);
    }

    @Test
    void an_outbox_read_empty_has_its_flag_cleared_only_while_it_is_still_empty() {
        store("empty", 2);
        leads.updateOne(Filters.eq("_id", "empty"), Updates.set("outboxPending", true));
        store("refilled", 2);
        leads.updateOne(Filters.eq("_id", "refilled"), Updates.combine(Updates.set("outboxPending", true),
                Updates.push("outbox", new Document("eventId", "r1"))));
        leads.insertOne(new Document("_id", "no-array").append("version", 1L).append("outboxPending", true));

        OutboxClearing.clear(leads, List.of(acked("empty", 2, List.of(), List.of()),
                acked("refilled", 2, List.of(), List.of()), acked("no-array", 1, List.of(), List.of())));

        assertThat(lead("empty").containsKey("outboxPending")).isFalse();
        assertThat(lead("no-array").containsKey("outboxPending")).isFalse();
        assertThat(lead("refilled").getBoolean("outboxPending")).isTrue();
        assertThat(outbox(lead("refilled"))).containsExactly("r1");
    }

    @Test
    void a_lead_with_nothing_acknowledged_is_not_touched() {
        store("a", 3, "a1");

        OutboxClearing.clear(leads, List.of(acked("a", 3, List.of("a1"), List.of())));

        assertThat(outbox(lead("a"))).containsExactly("a1");
        assertThat(lead("a").getLong("version")).isEqualTo(3);
        assertThat(lead("a").getBoolean("outboxPending")).isTrue();
    }
}
