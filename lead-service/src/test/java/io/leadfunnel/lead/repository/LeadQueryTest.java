package io.leadfunnel.lead.repository;

import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LeadQueryTest {

    @ParameterizedTest
    @ValueSource(strings = {".*", "a+b", "(robotics)", "[eu]", "^start", "end$", "x|y", "\\d", "{1,2}",
            "dots.and-dashes", "o'brien & sons", "müller", "50%", "a?b", "#tag", "1\\2"})
    void givenTextWithRegexCharacters_whenMadeLiteral_thenItMatchesExactlyItself(String text) {
        Pattern literal = Pattern.compile(LeadQuery.literal(text));

        assertThat(literal.matcher("prefix " + text + " suffix").find()).isTrue();
        assertThat(literal.matcher(text.replace(text.substring(0, 1), "§")).find()).isFalse();
    }

    @Test
    void givenWildcards_whenMadeLiteral_thenTheyMatchNothingElse() {
        assertThat(Pattern.compile(LeadQuery.literal(".*")).matcher("anything at all").find()).isFalse();
        assertThat(LeadQuery.literal("a.b")).isEqualTo("a\\.b");
        assertThat(LeadQuery.literal("abc123")).isEqualTo("abc123");
    }

    @Test
    void givenTextThatLooksLikeAnOperator_whenFiltered_thenItIsAStringValue() {
        LeadQuery query = new LeadQuery(Set.of(), Set.of(), "{\"$ne\": null}", null, null, null,
                "{\"$where\": \"sleep(1000)\"}", false, null);

        BsonDocument filter = query.toFilter().toBsonDocument(BsonDocument.class, registry());

        assertThat(filter.toJson()).contains("\"owner\": \"{\\\"$ne\\\": null}\"");
        assertThat(filter.toJson()).doesNotContain("\"$where\":");
    }

    private static CodecRegistry registry() {
        return CodecRegistries.fromRegistries(com.mongodb.MongoClientSettings.getDefaultCodecRegistry());
    }
}
