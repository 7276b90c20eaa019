package io.leadfunnel.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTest {

    @Test
    void sums_a_gauge_over_its_labels_and_reads_no_other_series() {
        String exposition = """
                # TYPE funnel_outbox_pending_leads gauge
                funnel_outbox_pending_leads{relay="lead.events"} 12.0
                funnel_outbox_pending_leads{relay="lead.profiles"} 3.0
                funnel_outbox_pending_leads_total 99.0
                funnel_outbox_published_total 500.0
                """;

        assertThat(Prometheus.sum(exposition, Lag.OUTBOX_BACKLOG)).isEqualTo(15.0);
        assertThat(Prometheus.sum("funnel_outbox_pending_leads 0.0\n", Lag.OUTBOX_BACKLOG)).isZero();
    }
}
