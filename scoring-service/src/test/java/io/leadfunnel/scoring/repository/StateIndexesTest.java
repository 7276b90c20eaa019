package io.leadfunnel.scoring.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scoring states' indexes against real MongoDB: the query indexes made, the version index of before dropped. */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class StateIndexesTest {

    @Inject
    LeadScoringRepository states;

    @Test
    void starting_drops_the_id_and_version_index_of_earlier_releases_and_keeps_the_query_indexes() {
        // given a store an earlier release set up, with its unique {_id, version} index
        MongoCollection<Document> stored = states.mongoCollection().withDocumentClass(Document.class);
        stored.createIndex(Indexes.ascending("_id", "version"),
                new IndexOptions().unique(true).name(LeadScoringRepository.VERSION_INDEX));
        assertThat(indexNames(stored)).contains(LeadScoringRepository.VERSION_INDEX);

        // when the indexes are set up at start, twice (every instance does it)
        states.createIndexes();
        states.createIndexes();

        // then only the indexes the sweeps query by are left beside _id's
        assertThat(indexNames(stored)).containsExactlyInAnyOrder("_id_", "next_eval", "model_version",
                "outbox_pending");
    }

    private static List<String> indexNames(MongoCollection<Document> collection) {
        List<String> names = new ArrayList<>();
        collection.listIndexes().forEach(index -> names.add(index.getString("name")));
        return names;
    }
}
