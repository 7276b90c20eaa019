package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.metrics.domain.Dimension;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DayIdsTest {

    @Test
    void givenMoreDaysThanAreKept_whenTheirIdsAreAsked_thenEachIsTheIdTheReadersNameAndIsMadeOnceWhileKept() {
        LocalDate first = LocalDate.of(2024, 2, 28);
        for (int n = 0; n < DayIds.DAYS_KEPT + 300; n++) {
            LocalDate day = first.plusDays(n);
            DayIds ids = DayIds.of(day);
            for (int g = 0; g < DayIds.GROUPINGS; g++) {
                String grouping = g == 0 ? "all" : Dimension.values()[g - 1].param();
                assertThat(ids.captures(g)).isEqualTo(DailyConversion.captures(day, grouping));
                assertThat(ids.entries(g)).isEqualTo(DailyConversion.entries(day, grouping));
                assertThat(ids.closures(g)).isEqualTo(DailyConversion.closures(day, grouping));
                assertThat(ids.outcomes(g)).isEqualTo(DailyOutcomes.outcomes(day, grouping));
            }
            for (String lead : new String[] {"lead-1", "0f9c1e2a-7b7e-4c55-9d0e-3f1a2b3c4d5e", "ü"}) {
                assertThat(ids.dueTimes(lead)).isEqualTo(LeadLists.shardOf(DailyOutcomes.dueTimes(day), lead));
                for (int stage = 0; stage < OpenLeads.OPEN.size(); stage++) {
                    assertThat(ids.openLeads(stage, lead)).isEqualTo(LeadLists.shardOf(OpenLeads.leads(day, stage),
                            lead));
                }
            }
            assertThat(DayIds.of(day).captures(3)).isSameAs(ids.captures(3));
        }
    }

    @Test
    void givenInstantsAroundMidnightAndBeforeTheEpoch_whenTheirDayIsTaken_thenItIsTheirUtcDate() {
        for (String at : new String[] {"2026-09-07T00:00:00Z", "2026-09-06T23:59:59.999999999Z", "1969-12-31T23:59:59Z",
                "1970-01-01T00:00:00Z", "1900-03-01T12:00:00Z", "2400-02-29T23:00:00Z"}) {
            Instant instant = Instant.parse(at);
            assertThat(DailyConversion.day(instant)).as(at).isEqualTo(instant.atZone(ZoneOffset.UTC).toLocalDate());
        }
        assertThat(DailyConversion.day(null)).isNull();
    }

    @Test
    void givenMoreValuesThanAreKept_whenTheirNamesAreAsked_thenEachIsTheValueEscapedAndTheCounter() {
        for (int n = 0; n < ValueNames.VALUES_KEPT + 300; n++) {
            String value = "campaign." + n + "|$%";
            ValueNames names = ValueNames.of(value);
            String prefix = Counters.name(value) + "|";
            assertThat(names.value).isEqualTo(prefix);
            assertThat(names.captured).isEqualTo(prefix + "c");
            assertThat(names.reached(4)).isEqualTo(prefix + "r|4");
            assertThat(names.reentries(1)).isEqualTo(prefix + "e|1");
            assertThat(names.firstEntry(2)).isEqualTo(prefix + "f|2");
            assertThat(names.exit(0)).isEqualTo(prefix + "x|0");
            assertThat(names.status(3)).isEqualTo(prefix + "s|3");
            assertThat(names.wonAmountFraction).isEqualTo(prefix + "af");
            assertThat(names.dueWithin).isEqualTo(prefix + "dw");
        }
        ValueNames[] lead = new ValueNames[DayIds.GROUPINGS];
        lead[0] = ValueNames.ALL;
        for (int g = 1; g < lead.length; g++) {
            lead[g] = ValueNames.of(g == 2 ? "q4.launch|emea" : "v" + g);
        }
        assertThat(ValueNames.dimensionValues(lead))
                .isEqualTo("|v1|" + Counters.name("q4.launch|emea") + "|v3|v4|v5|v6|v7|v8|v9");
        assertThat(ValueNames.ALL.captured).isEqualTo("c");
        assertThat(ValueNames.ALL.openSql).isEqualTo("sql");
    }
}
