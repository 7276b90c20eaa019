package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.Contributions;
import io.leadfunnel.metrics.aggregate.Counters;
import io.leadfunnel.metrics.aggregate.DailyConversion;
import io.leadfunnel.metrics.scenario.Events;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day with more leads than one MongoDB document could name: a CRM's whole base imported at once arrives on one day,
 * and the aggregates that list leads one by one (the open leads of a day and stage, the due instants of a day's
 * hand-offs) must still fit, or the fold of every later poll would be refused.
 */
class BusyDayTest {

    /** MongoDB's largest document. */
    private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    /** About a third more than one document of the open MQLs of a day could name with these values. */
    private static final int LEADS = 160_000;
    private static final Instant DAY = Instant.parse("2026-09-07T00:00:00Z");

    @Test
    void givenMoreLeadsInAStageOnOneDayThanOneDocumentHolds_whenCounted_thenEveryDocumentFitsAndAllAreCounted() {
        List<LeadFact> facts = new ArrayList<>();
        Counters sum = Counters.empty();
        for (int n = 0; n < LEADS; n++) {
            String id = UUID.nameUUIDFromBytes(("import-" + n).getBytes(StandardCharsets.UTF_8)).toString();
            Instant at = DAY.plusMillis(500L * n);
            LeadFact fact = LeadRecord.of(id, Events.lead(id)
                    .captured(at, Events.profile(LeadSource.WEB, "crm-import-2026-q3", LeadOrigin.MARKETING, 50,
                            "software"))
                    .stage(at.plusSeconds(30), Stage.MQL)
                    .handoff(at.plusSeconds(31), "alice", "emea", Duration.ofHours(1))
                    .events()).fact();
            facts.add(fact);
            sum.add(Contributions.of(fact), 1);
        }

        int largest = 0;
        for (String document : sum.documents()) {
            int bytes = storedBytes(sum.of(document));
            assertThat(bytes).as("the stored size of %s", document).isLessThan(MAX_DOCUMENT_BYTES);
            largest = Math.max(largest, bytes);
        }
        DailyCounts counts = new DailyConversion(ids -> sum);
        Period thatDay = new Period(DAY, DAY.plus(Duration.ofDays(1)));
        Instant afternoon = DAY.plus(Duration.ofHours(15));
        // the bound's day counted from its lists: the MQLs stuck and the hand-offs due before the afternoon
        Grouped<DropOffReport> dropOff = DropOffReport.compute(counts, thatDay, afternoon, Duration.ofHours(1), null);
        assertThat(dropOff).isEqualTo(DropOffByLeads.compute(facts, thatDay, afternoon, Duration.ofHours(1), null));
        assertThat(dropOff.all().stuck().stream().filter(s -> s.stage() == Stage.MQL).findFirst().orElseThrow()
                .count()).as("MQLs stuck for an hour by the afternoon").isGreaterThan(90_000);
        Grouped<SlaReport> sla = SlaReport.compute(counts, thatDay, afternoon, Duration.ofDays(2), null);
        assertThat(sla).isEqualTo(SlaByLeads.compute(facts, thatDay, afternoon, Duration.ofDays(2), null));
        assertThat(sla.all().compliance().denominator()).as("hand-offs due by the afternoon").isGreaterThan(90_000);
        assertThat(largest).as("the largest document, against one list of the day's leads")
                .isLessThan(MAX_DOCUMENT_BYTES / 4);
    }

    /** The size of an aggregate document holding {@code counters}, as stored. */
    private static int storedBytes(Map<String, Long> counters) {
        Document stored = new Document("_id", "day|2026-09-07|all|cap").append("wm", new Document())
                .append("c", new Document(counters));
        return new RawBsonDocument(stored, new DocumentCodec()).getByteBuffer().remaining();
    }
}
