package io.leadfunnel.metrics.aggregate;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountersTest {

    @Test
    void givenPartsWithSeparatorsDotsAndDollars_whenNamed_thenTheNameIsAFieldNameAndTheyReadBack() {
        String name = Counters.name("by", "acme.example|q4", "$100%", "");

        assertThat(name).doesNotContain(".").doesNotStartWith("$");
        assertThat(name.split("\\|", -1)).hasSize(4);
        assertThat(Counters.parts(name)).containsExactly("by", "acme.example|q4", "$100%", "");
        assertThat(Counters.parts(Counters.name("a+b c"))).containsExactly("a+b c");
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
    void givenCounters_whenStoredAsOneBinaryValue_thenTheyReadBackAndSoDoesThePlainDocumentStoredBefore() {
        Counters counters = Counters.empty().add("day|2026-09-07|campaign|cap", Counters.name("q4.launch|$x") + "|c", 2)
                .add("totals", "reached|won", -1).add("days", "d|2026-09-07", 1L << 40);

        assertThat(Counters.fromStored(counters.stored())).isEqualTo(counters);
        assertThat(Counters.storedDocument(counters.stored()).get("totals", Document.class).get("reached|won"))
                .isEqualTo(-1L);
        assertThat(Counters.fromStored(counters.toBson())).isEqualTo(counters);
        assertThat(Counters.fromStored(null)).isEqualTo(Counters.empty());
    }
}
