package io.leadfunnel.lead.rest;

import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.lead.repository.LeadQuery;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LeadListQueryTest {

    @Test
    void givenNoParameters_whenParsed_thenEverythingActiveIsListedWithTheDefaultPageSize() {
        LeadListQuery parsed = LeadListQuery.parse(new MultivaluedHashMap<>(), 50, 200);

        assertThat(parsed.limit()).isEqualTo(50);
        assertThat(parsed.query()).isEqualTo(new LeadQuery(null, null, null, null, null, null, null, false, null));
    }

    @Test
    void givenEveryFilter_whenParsed_thenTheQueryHoldsThem() {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        params.add("stage", "mql,SAL");
        params.add("stage", "SQL");
        params.add("source", "WEBINAR");
        params.add("owner", " jonas.berg ");
        params.add("campaign", "spring");
        params.add("createdFrom", "2026-03-01");
        params.add("createdTo", "2026-04-01T00:00:00+02:00");
        params.add("q", "Acme");
        params.add("includeInactive", "true");
        params.add("limit", "200");
        String cursor = LeadCursor.encode(new LeadQuery.Position(Instant.EPOCH, "6571a3f09c1d4e2b8a7f0c11"));
        params.add("cursor", cursor);

        LeadListQuery parsed = LeadListQuery.parse(params, 50, 200);

        LeadQuery q = parsed.query();
        assertThat(q.stages()).containsExactlyInAnyOrder(Stage.MQL, Stage.SAL, Stage.SQL);
        assertThat(q.sources()).containsExactly(LeadSource.WEBINAR);
        assertThat(q.owner()).isEqualTo("jonas.berg");
        assertThat(q.createdFrom()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(q.createdTo()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(q.text()).isEqualTo("Acme");
        assertThat(q.includeInactive()).isTrue();
        assertThat(q.after()).isEqualTo(new LeadQuery.Position(Instant.EPOCH, "6571a3f09c1d4e2b8a7f0c11"));
        assertThat(parsed.limit()).isEqualTo(200);
    }

    @Test
    void givenSeveralBadParameters_whenParsed_thenEachIsNamedInOneProblem() {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        params.add("stage", "MQL,NOPE");
        params.add("limit", "500");
        params.add("owner", "a");
        params.add("owner", "b");
        params.add("ownr", "typo");

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> LeadListQuery.parse(params, 50, 200));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errors()).extracting(Problem.FieldError::field)
                .containsExactlyInAnyOrder("stage", "limit", "owner", "ownr");
    }

    @Test
    void givenDatesBeyondWhatCanBeStoredAndAControlCharacter_whenParsed_thenEachIsNamed() {
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        params.add("createdFrom", "-999999999-01-01T00:00:00Z");
        params.add("createdTo", "+10000-01-01T00:00:00Z");
        params.add("q", "a\u0000b");

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> LeadListQuery.parse(params, 50, 200));

        assertThat(refused.errors()).extracting(Problem.FieldError::field)
                .containsExactlyInAnyOrder("createdFrom", "createdTo", "q");
    }
}
