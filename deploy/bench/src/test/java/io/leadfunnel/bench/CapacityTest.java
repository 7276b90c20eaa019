package io.leadfunnel.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityTest {

    @Test
    void givenEveryLeadHandedOff_whenMeasured_thenTheLatencyIsFromAcceptedToHandoff() {
        // given 100 leads accepted at t = 0, handed off 10 ms to 1,000 ms later
        Map<String, Long> accepted = new LinkedHashMap<>();
        Map<String, Long> handoff = new LinkedHashMap<>();
        for (int i = 1; i <= 100; i++) {
            accepted.put("lead-" + i, 0L);
            handoff.put("lead-" + i, i * 10L);
        }

        // when measured with the wait ending long after
        Stats stats = Parts.towardsHandoff(accepted, handoff, 60_000);

        // then every lead counts with its own latency
        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50()).isEqualTo(500, org.assertj.core.data.Offset.offset(1.0));
        assertThat(stats.max()).isEqualTo(1000, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void givenLeadsWithoutHandoff_whenMeasured_thenTheyCountWithTheTimeWaitedAndFailTheStep() {
        // given 98 leads handed off within 100 ms and 2 never handed off before the wait ended at 20 s
        Map<String, Long> accepted = new LinkedHashMap<>();
        Map<String, Long> handoff = new LinkedHashMap<>();
        for (int i = 1; i <= 100; i++) {
            accepted.put("lead-" + i, 1_000L);
            if (i <= 98) {
                handoff.put("lead-" + i, 1_100L);
            }
        }

        // when measured
        Stats stats = Parts.towardsHandoff(accepted, handoff, 21_000);

        // then the missing leads are not dropped: p99 is at least the 20 s waited, over the 1 s limit
        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p99()).isGreaterThanOrEqualTo(19_900).isGreaterThan(Parts.CAPACITY_P99_LIMIT_MS);
    }

    @Test
    void theQuickSizesUseShorterCapacityStepsThanTheDefinition() {
        assertThat(Sizes.full().capacityStepSeconds()).isEqualTo(60);
        assertThat(Sizes.quick().capacityStepSeconds()).isLessThan(60);
        assertThat(Sizes.full().capacityRates()).isSorted().contains(300d);
    }
}
