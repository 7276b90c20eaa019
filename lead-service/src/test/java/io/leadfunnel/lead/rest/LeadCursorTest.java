package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.repository.LeadQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class LeadCursorTest {

    @Test
    void givenAPosition_whenEncodedAndDecoded_thenItIsTheSamePosition() {
        LeadQuery.Position position = new LeadQuery.Position(Instant.parse("2026-03-04T08:45:03.123Z"),
                "6571a3f09c1d4e2b8a7f0c11");

        String cursor = LeadCursor.encode(position);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(LeadCursor.decode(cursor)).contains(position);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64 !", "djE6MTIzOm5vdC1hbi1pZA", "dj", "x"})
    void givenSomethingThisApiDidNotIssue_whenDecoded_thenItIsRefused(String cursor) {
        assertThat(LeadCursor.decode(cursor)).isEmpty();
    }

    @Test
    void givenAnotherVersionOrAHugeValue_whenDecoded_thenItIsRefused() {
        String v2 = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("v2:1:6571a3f09c1d4e2b8a7f0c11".getBytes(StandardCharsets.US_ASCII));
        assertThat(LeadCursor.decode(v2)).isEmpty();
        assertThat(LeadCursor.decode("A".repeat(10_000))).isEmpty();
        assertThat(LeadCursor.decode(null)).isEmpty();
    }
}
