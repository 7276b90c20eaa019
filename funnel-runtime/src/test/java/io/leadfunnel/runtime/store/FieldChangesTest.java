package io.leadfunnel.runtime.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.leadfunnel.runtime.WireProtocolMongo;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changed-fields update: what it sends, and that applied to the stored document it leaves exactly the new one, on
 * the wire-protocol MongoDB engine the tests and the local stack run.
 */
class FieldChangesTest {

    @RegisterExtension
    static final WireProtocolMongo MONGO = new WireProtocolMongo();

    private static final Set<String> CLEARABLE = Set.of("stage", "score", "owner");

    private MongoCollection<Document> docs;

    @BeforeEach
    void empty() {
        docs = MONGO.emptyCollection("changes", "docs");
    }

    private static RawBsonDocument raw(Document doc) {
        return new RawBsonDocument(doc, new DocumentCodec());
    }

    /** Stores {@code before}, applies the update to {@code after}, checks the stored document is {@code after}. */
    private BsonDocument applied(Document before, Document after, Set<String> untouched, Bson... more) {
        docs.insertOne(before);
        BsonDocument update = FieldChanges.between(raw(before), raw(after), untouched, CLEARABLE);
        if (!update.isEmpty() || more.length > 0) {
            List<Bson> all = new ArrayList<>(List.of(more));
            all.add(0, update);
            assertThat(docs.updateOne(Filters.eq("_id", before.get("_id")), Updates.combine(all))
                    .getMatchedCount()).isEqualTo(1);
        }
        return update;
    }

    private Document stored(Object id) {
        return docs.find(Filters.eq("_id", id)).first();
    }

    private static Document lead(String id) {
        return new Document("_id", id).append("version", 3L).append("stage", "MQL")
                .append("score", new Document("total", 71).append("grade", "B")
                        .append("reasons", List.of(new Document("rule", "title"), new Document("rule", "size"))))
                .append("eventIds", new ArrayList<>(List.of("e1", "e2", "e3")));
    }

    @Test
    void nothing_changed_is_an_empty_update() {
        assertThat(FieldChanges.between(raw(lead("a")), raw(lead("a")), Set.of(), CLEARABLE)).isEmpty();
    }

    @Test
    void sets_changed_and_new_fields_and_unsets_removed_ones() {
        Document after = lead("a").append("version", 4L).append("owner", "rep-1");
        after.remove("stage");

        BsonDocument update = applied(lead("a"), after, Set.of());

        assertThat(update.getDocument("$set").keySet()).containsExactlyInAnyOrder("version", "owner");
        assertThat(update.getDocument("$unset").keySet()).containsExactly("stage");
        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void a_top_level_field_this_version_does_not_clear_is_kept() {
        Document before = lead("a").append("addedByANewerVersion", "x");

        BsonDocument update = applied(before, lead("a").append("version", 4L), Set.of());

        assertThat(update).isEqualTo(BsonDocument.parse("{$set: {version: {$numberLong: '4'}}}"));
        assertThat(stored("a").getString("addedByANewerVersion")).isEqualTo("x");
    }

    @Test
    void a_changed_sub_document_field_is_set_by_its_path() {
        Document after = lead("a");
        after.get("score", Document.class).append("total", 80).append("grade", "A");
        after.get("score", Document.class).remove("reasons");

        BsonDocument update = applied(lead("a"), after, Set.of());

        assertThat(update).isEqualTo(BsonDocument.parse(
                "{$set: {'score.total': 80, 'score.grade': 'A'}, $unset: {'score.reasons': ''}}"));
        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void an_array_that_grew_at_its_end_is_pushed_to() {
        Document after = lead("a");
        after.getList("eventIds", String.class).addAll(List.of("e4", "e5"));

        BsonDocument update = applied(lead("a"), after, Set.of());

        assertThat(update).isEqualTo(BsonDocument.parse("{$push: {eventIds: {$each: ['e4', 'e5']}}}"));
        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void a_capped_array_that_dropped_its_oldest_entries_is_pushed_to_with_a_slice() {
        Document after = lead("a").append("eventIds", List.of("e3", "e4", "e5"));

        BsonDocument update = applied(lead("a"), after, Set.of());

        assertThat(update).isEqualTo(BsonDocument.parse("{$push: {eventIds: {$each: ['e4', 'e5'], $slice: -3}}}"));
        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void a_capped_array_that_only_dropped_entries_is_sliced() {
        Document after = lead("a").append("eventIds", List.of("e2", "e3"));

        applied(lead("a"), after, Set.of());

        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void an_array_changed_elsewhere_is_set_whole() {
        Document after = lead("a").append("eventIds", List.of("e1", "x", "e3"));
        after.get("score", Document.class).append("reasons", List.of(new Document("rule", "title"),
                new Document("rule", "industry")));

        BsonDocument update = applied(lead("a"), after, Set.of());

        assertThat(update.getDocument("$set").keySet()).containsExactlyInAnyOrder("eventIds", "score.reasons");
        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void a_long_list_that_slides_by_one_sends_one_element() {
        Document before = lead("a").append("eventIds", IntStream.range(0, 200).mapToObj(i -> "e" + i).toList());
        Document after = lead("a").append("eventIds", IntStream.range(1, 201).mapToObj(i -> "e" + i).toList());

        BsonDocument update = applied(before, after, Set.of());

        assertThat(update.getDocument("$push").getDocument("eventIds").getArray("$each")).hasSize(1);
        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void a_sub_document_keyed_by_values_that_cannot_be_paths_is_set_whole() {
        Document before = lead("a").append("byRep", new Document("ann.lee@example.com", 1).append("bo", 2));
        Document after = lead("a").append("byRep", new Document("ann.lee@example.com", 2).append("bo", 2));

        BsonDocument update = applied(before, after, Set.of());

        assertThat(update.getDocument("$set").keySet()).containsExactly("byRep");
        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void a_field_whose_type_changed_is_set() {
        Document after = lead("a").append("score", null).append("stage", List.of("MQL"));

        applied(lead("a"), after, Set.of());

        assertThat(stored("a")).isEqualTo(after);
    }

    @Test
    void untouched_fields_are_neither_compared_nor_updated_and_combine_with_the_callers_own_operators() {
        Document before = lead("a").append("outbox", List.of(new Document("eventId", "o1")));
        Document after = lead("a").append("version", 4L);
        after.getList("eventIds", String.class).add("e4");

        applied(before, after, Set.of("outbox"),
                Updates.pushEach("outbox", List.of(new Document("eventId", "o2"))), Updates.set("outboxPending", true));

        Document stored = stored("a");
        assertThat(stored.getList("outbox", Document.class)).extracting(d -> d.getString("eventId"))
                .containsExactly("o1", "o2");
        assertThat(stored.getBoolean("outboxPending")).isTrue();
        stored.remove("outbox");
        stored.remove("outboxPending");
        assertThat(stored).isEqualTo(after);
    }

    @Test
    void nested_sub_documents_are_compared_at_every_depth() {
        Document before = new Document("_id", "a").append("state", new Document("handoff",
                new Document("owner", "rep-1").append("escalations", 0)).append("stage", "MQL"));
        Document after = new Document("_id", "a").append("state", new Document("handoff",
                new Document("owner", "rep-2").append("escalations", 0).append("due", "t")).append("stage", "MQL"));

        BsonDocument update = applied(before, after, Set.of());

        assertThat(update).isEqualTo(BsonDocument.parse(
                "{$set: {'state.handoff.owner': 'rep-2', 'state.handoff.due': 't'}}"));
        assertThat(stored("a")).isEqualTo(after);
        assertThat(Map.copyOf(stored("a"))).isEqualTo(Map.copyOf(after));
    }
}
