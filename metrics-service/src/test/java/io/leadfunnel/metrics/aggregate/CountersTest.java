package io.leadfunnel.metrics.aggregate;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountersTest {

    @Test
    void givenPartsWithSeparatorsDotsAndDollars_whenNamed_thenTheNameIsAFieldNameAndTheyReadBack() {
        String name = Counters.name("by", "acme.example|q4", "$100%", "");

        assertThat(name).doesNotContain(".").doesNotStartWith("$");
        assertThat(name.split("\\|", -1)).hasSize(4);
        assertThat(Counters.parts(name)).containsExactly("by", "acme.example|q4", "$100%", "");
        assertThat(Counters.parts(Counters.name("a+b c"))).containsExactly("a+b c");
        assertThat(Counters.name("nul\0in a campaign")).doesNotContain("\0");
        assertThat(Counters.parts(Counters.name("nul\0in a campaign"))).containsExactly("nul\0in a campaign");
    }

    @Test
    void givenAChangeAndItsReverse_whenAdded_thenNothingIsLeftAndTheResultEqualsEmpty() {
        Counters lead = Counters.empty().add("totals", "reached|mql", 1).add("day|2026-09-07", "x", 2);
        Counters sum = Counters.empty().add(lead, 1).add(lead, 1).add(lead, -1);

        assertThat(sum).isEqualTo(lead);
        assertThat(sum.add(lead, -1).isEmpty()).isTrue();
        assertThat(sum).isEqualTo(Counters.empty());
    }

    @Test
    void givenCounters_whenStoredAsBsonAndReadBack_thenTheyAreEqual() {
        Counters counters = Counters.empty().add("totals", Counters.name("entries", "web", "mid", "mql"), 3)
                .add("totals", "reached|won", -1);

        Counters read = Counters.fromBson(Document.parse(counters.toBson().toJson()));

        assertThat(read).isEqualTo(counters);
        assertThat(read.get("totals", "reached|won")).isEqualTo(-1);
    }

    @Test
    void givenTwoStoredValuesNamingTheSameCounters_whenReadWithOnePool_thenEachNameIsHeldOnce() {
        Counters first = Counters.empty().add("totals", "r|0", 1).add("day|2026-09-07", "c", 2);
        Counters second = Counters.empty().add("totals", "r|0", -1).add("totals", "r|1", 1);
        Map<String, String> names = new HashMap<>();

        Document a = Counters.storedDocuments(first.stored(), document -> true, names);
        Document b = Counters.storedDocuments(second.stored(), document -> true, names);

        String documentOfA = a.keySet().stream().filter("totals"::equals).findFirst().orElseThrow();
        String documentOfB = b.keySet().stream().filter("totals"::equals).findFirst().orElseThrow();
        assertThat(documentOfB).isSameAs(documentOfA);
        String counterOfA = a.get("totals", Document.class).keySet().iterator().next();
        String counterOfB = b.get("totals", Document.class).keySet().stream().filter("r|0"::equals).findFirst()
                .orElseThrow();
        assertThat(counterOfB).isEqualTo("r|0").isSameAs(counterOfA);
        assertThat(names).containsOnlyKeys("totals", "day|2026-09-07", "r|0", "r|1", "c");
        assertThat(Counters.fromBson(b)).isEqualTo(second);
        // without a pool, a name read twice is two strings
        String unpooled = Counters.storedDocument(first.stored()).get("totals", Document.class).keySet().iterator()
                .next();
        assertThat(unpooled).isEqualTo("r|0").isNotSameAs(counterOfA);
    }

    @Test
    void givenCounters_whenStoredAsOneBinaryValue_thenTheyReadBackAndSoDoesThePlainDocumentStoredBefore() {
        Counters counters = Counters.empty().add("day|2026-09-07|campaign|cap", Counters.name("q4.launch|$x") + "|c", 2)
                .add("totals", "reached|won", -1).add("days", "d|2026-09-07", 1L << 40);

        assertThat(Counters.fromStored(counters.stored())).isEqualTo(counters);
        assertThat(Counters.storedDocument(counters.stored()).get("totals", Document.class).get("reached|won"))
                .isEqualTo(-1L);
        assertThat(Counters.fromStored(counters.toBson())).isEqualTo(counters);
        assertThat(Counters.fromStored(null)).isEqualTo(Counters.empty());
    }

    @Test
    void givenCounters_whenStored_thenTheBytesAreThoseOfTheirDocumentEncodedByTheDriver() {
        Counters counters = Counters.empty().add("day|2026-09-07|all|cap", "c", 3)
                .add("day|2026-09-07|all|cap", "r|1", 1).add("totals", "reached|won", -1)
                .add("days", "d|2026-09-07", 1L << 40);
        // what earlier versions stored reads the same, and what this one stores reads the same in them
        assertThat(counters.stored().getData()).isEqualTo(encoded(counters.toBson()));
    }

    @Test
    void givenNamesBeyondAscii_whenStored_thenTheBytesAreTheDriversAndTheyReadBackAsBinaryFromTheStore() {
        Counters counters = Counters.empty()
                .add("day|2026-09-07|campaign|cap", Counters.name("Frühjahr 2027 – München") + "|c", 2)
                .add("day|2026-09-07|source|cap", Counters.name("展示会 \uD83D\uDE80") + "|c", -7)
                .add("days", "d|2026-09-07", Long.MIN_VALUE).add("days", "c|2026-09-07", Long.MAX_VALUE);

        assertThat(counters.stored().getData()).isEqualTo(encoded(counters.toBson()));
        // the driver returns a stored binary value as a Binary, a copy of the bytes
        assertThat(Counters.fromStored(new Binary(counters.stored().getData()))).isEqualTo(counters);
    }

    @Test
    void givenBytesThatAreNotCounters_whenRead_thenTheReadFailsAndSaysWhy() {
        byte[] bytes = Counters.empty().add("totals", "reached|won", 1).stored().getData();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        Binary text = new Binary(encoded(new Document("totals", new Document("reached|won", "one"))));

        assertThatThrownBy(() -> Counters.fromStored(new Binary(cut))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid BSON");
        assertThatThrownBy(() -> Counters.fromStored(text)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reached|won of totals is of BSON type 2, not an integer");
    }

    @Test
    void givenAStoredValue_whenOnlySomeDocumentsAreAsked_thenOnlyTheyAreReadAndIntegersOfAnySizeAreLongs() {
        Counters counters = Counters.empty().add("day|2026-09-07|all|cap", "c", 3).add("totals", "reached|won", -1)
                .add("days", "d|2026-09-07", 1L << 40);
        Document plainWithInts = new Document("totals", new Document("reached|won", -1))
                .append("days", new Document("c|2026-09-07", 2));
        Binary storedWithInts = new Binary(encoded(plainWithInts));

        Document asked = Counters.storedDocuments(counters.stored(), Set.of("days", "totals")::contains);

        assertThat(asked.keySet()).containsExactlyInAnyOrder("days", "totals");
        assertThat(asked.get("days", Document.class).get("d|2026-09-07")).isEqualTo(1L << 40);
        assertThat(asked.get("totals", Document.class).get("reached|won")).isEqualTo(-1L);
        assertThat(Counters.storedDocuments(storedWithInts, "days"::equals))
                .isEqualTo(new Document("days", new Document("c|2026-09-07", 2L)));
        assertThat(Counters.storedDocuments(plainWithInts, "totals"::equals).keySet()).containsExactly("totals");
        assertThat(Counters.storedDocuments(counters.stored(), document -> false)).isEmpty();
        assertThat(Counters.storedDocuments(null, document -> true)).isEmpty();
    }

    private static byte[] encoded(Document document) {
        RawBsonDocument raw = new RawBsonDocument(document, new DocumentCodec());
        byte[] bytes = new byte[raw.getByteBuffer().remaining()];
        raw.getByteBuffer().get(bytes);
        return bytes;
    }
}
