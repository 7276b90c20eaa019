package io.leadfunnel.metrics.rest;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.LiftReport;
import io.leadfunnel.metrics.domain.Period;
import io.leadfunnel.metrics.domain.Ratio;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void givenValuesWithCommasQuotesAndLineBreaks_whenWritten_thenTheyAreQuotedPerRfc4180() {
        LiftReport report = new LiftReport(Period.ALL, Stage.WON, Ratio.of(1, 2), List.of(
                new LiftReport.DimensionLift("industry", List.of(
                        new LiftReport.ValueLift("food, \"fresh\"", Ratio.of(1, 1), new BigDecimal("2.0000")),
                        new LiftReport.ValueLift("a\n\nb", Ratio.of(0, 1), new BigDecimal("0.0000"))))));

        String csv = Csv.lift(report);

        assertThat(csv).isEqualTo("dimension,value,converted,leads,rate,lift\r\n"
                + "all,,1,2,0.5000,\r\n"
                + "industry,\"food, \"\"fresh\"\"\",1,1,1.0000,2.0000\r\n"
                + "industry,\"a\n\nb\",0,1,0.0000,0.0000\r\n");
    }
}
