package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedDocumentsTest {

    @Test
    void bytesAreFoundForTheVeryObjectOnlyNotForAnEqualOne() {
        EncodedDocuments encoded = new EncodedDocuments();
        Document stored = new Document("_id", "lead-1").append("stage", "MQL");
        byte[] bson = {1, 2, 3};

        encoded.put(stored, bson);

        assertThat(encoded.get(stored)).isSameAs(bson);
        assertThat(encoded.get(new Document("_id", "lead-1").append("stage", "MQL"))).isNull();
        assertThat(encoded.get(stored.clone())).isNull();
    }

    @Test
    void theBytesOfADocumentNoLongerReferencedAreLetGo() throws InterruptedException {
        EncodedDocuments encoded = new EncodedDocuments();
        for (int i = 0; i < 1000; i++) {
            encoded.put(new Document("_id", "gone-" + i), new byte[64]);
        }
        Document kept = new Document("_id", "kept");
        encoded.put(kept, new byte[] {7});

        // the collector clears the documents nothing references; the next put drops their entries
        for (int attempt = 0; attempt < 50 && encoded.size() > 100; attempt++) {
            List<byte[]> pressure = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pressure.add(new byte[10_000]);
            }
            System.gc();
            Thread.sleep(20);
            encoded.put(new Document("_id", "probe"), new byte[0]);
            assertThat(pressure).hasSize(100);
        }

        assertThat(encoded.size()).isLessThanOrEqualTo(100);
        assertThat(encoded.get(kept)).containsExactly(7);
    }
}
