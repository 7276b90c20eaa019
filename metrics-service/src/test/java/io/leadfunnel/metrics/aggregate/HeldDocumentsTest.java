package io.leadfunnel.metrics.aggregate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.leadfunnel.metrics.MetricsTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads of aggregate documents held from an earlier read ({@link HeldDocuments}) give the stored figures: after a fold
 * changed the document, while logged entries add to it, and after the generation was dropped and established again
 * under the same name behind the store's back.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class HeldDocumentsTest {

    private static final String GENERATION = "facts_held_test";
    private static final String PARTITION = "lead.events-0";
    private static final String DOC = "day|2026-09-07|all|cap";

    @Inject
    AggregateStore aggregates;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @AfterEach
    void dropGeneration() {
        aggregates.drop(GENERATION);
    }

    private Map<String, Long> read() {
        return aggregates.read(GENERATION, List.of(DOC)).orElseThrow().of(DOC);
    }

    private MongoCollection<Document> stored() {
        return mongo.getDatabase(database).getCollection(GENERATION + AggregateStore.AGGREGATES);
    }

    @Test
    void aDocumentHeldFromAnEarlierReadIsReadAgainOnceAFoldChangedIt() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty().add(DOC, "c", 2)));
        assertThat(read()).isEqualTo(Map.of("c", 2L));
        assertThat(read()).as("held").isEqualTo(Map.of("c", 2L));

        AggregateStore.Log log = aggregates.claim(GENERATION, PARTITION, null);
        aggregates.append(GENERATION, log, 1, Counters.empty().add(DOC, "c", 3).add(DOC, "r|1", 1));
        assertThat(read()).as("the logged entry added to the held counters").isEqualTo(Map.of("c", 5L, "r|1", 1L));
        assertThat(read()).as("added again, not to the held copy").isEqualTo(Map.of("c", 5L, "r|1", 1L));

        assertThat(aggregates.fold(GENERATION, PARTITION)).isEqualTo(1);
        assertThat(read()).as("folded: the document's new watermark").isEqualTo(Map.of("c", 5L, "r|1", 1L));
        assertThat(stored().find(Filters.eq("_id", DOC)).first().get("c", Document.class))
                .isEqualTo(new Document("c", 5L).append("r|1", 1L));

        log = aggregates.claim(GENERATION, PARTITION, log.epoch());
        aggregates.append(GENERATION, log, 2, Counters.empty().add(DOC, "c", -5).add(DOC, "s|0", 4));
        aggregates.fold(GENERATION, PARTITION);
        assertThat(read()).isEqualTo(Map.of("r|1", 1L, "s|0", 4L));
    }

    @Test
    void aGenerationEstablishedAgainUnderTheSameNameIsNotReadFromTheHeldDocumentsOfTheFormer() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty().add(DOC, "c", 2)));
        assertThat(read()).isEqualTo(Map.of("c", 2L));

        // dropped behind this store's back (another instance), established again: the same (empty) watermarks
        mongo.getDatabase(database).getCollection(GENERATION + AggregateStore.AGGREGATES).drop();
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty().add(DOC, "c", 7)));
        assertThat(stored().find(Filters.eq("_id", DOC)).first().get("wm"))
                .as("watermarks as the former incarnation's").isEqualTo(new Document());
        assertThat(read()).isEqualTo(Map.of("c", 7L));
    }

    @Test
    void aGenerationEstablishedBeforeIncarnationsGetsOneOnItsFirstRead() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty().add(DOC, "c", 2)));
        stored().updateOne(Filters.eq("_id", AggregateStore.ESTABLISHED), Updates.unset(AggregateStore.SINCE));

        assertThat(read()).isEqualTo(Map.of("c", 2L));
        String since = stored().find(Filters.eq("_id", AggregateStore.ESTABLISHED)).first()
                .getString(AggregateStore.SINCE);
        assertThat(since).isNotBlank();
        assertThat(read()).isEqualTo(Map.of("c", 2L));
        assertThat(stored().find(Filters.eq("_id", AggregateStore.ESTABLISHED)).first()
                .getString(AggregateStore.SINCE)).as("given once").isEqualTo(since);
    }

    @Test
    void heldCountersAreBoundedAndTheLeastRecentlyReadLeaveFirst() {
        HeldDocuments held = new HeldDocuments(10);
        Document wm = new Document("lead%2Eevents-0", 1L);
        held.put("g", "i", "a", wm, counters(4));
        held.put("g", "i", "b", wm, counters(4));
        assertThat(held.get("g", "i", "a", wm)).isNotNull(); // a is now read more recently than b
        held.put("g", "i", "c", wm, counters(4));

        assertThat(held.counters()).isEqualTo(8);
        assertThat(held.get("g", "i", "b", wm)).as("least recently read").isNull();
        assertThat(held.get("g", "i", "a", wm)).isNotNull();
        assertThat(held.get("g", "i", "c", wm)).isNotNull();
        assertThat(held.get("g", "i", "c", new Document("lead%2Eevents-0", 2L))).as("other watermarks").isNull();
        assertThat(held.get("g", "other", "c", wm)).as("other incarnation").isNull();

        assertThat(held.put("g", "i", "big", wm, counters(11)).counters()).hasSize(11);
        assertThat(held.get("g", "i", "big", wm)).as("larger than the bound: not held").isNull();
        assertThatThrownBy(() -> held.get("g", "i", "a", wm).counters().put("x", 1L))
                .isInstanceOf(UnsupportedOperationException.class);

        held.forget("g");
        assertThat(held.counters()).isZero();
        assertThat(held.get("g", "i", "a", wm)).isNull();
    }

    private static Map<String, Long> counters(int n) {
        Map<String, Long> counters = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counters.put("c" + i, (long) i + 1);
        }
        return counters;
    }
}
