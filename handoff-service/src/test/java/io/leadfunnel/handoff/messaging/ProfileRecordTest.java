package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code lead.profiles} record the consumer cannot read goes to a dead-letter topic that is retained, with the
 * refusal as its reason: the refusal names the record, never what it holds. Plain JUnit over the consumer's reader;
 * nothing reaches the lifecycles.
 */
class ProfileRecordTest {

    private static final String MARKER = "Zebulonmarker";

    private static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(Topics.LEAD_PROFILES, 1, 42L, key, value);
    }

    @Test
    void given_a_value_that_is_not_personal_data_when_consumed_then_it_is_refused_without_quoting_it() {
        String value = "{\"leadId\":\"lead-1\",\"sequence\":\"" + MARKER + "\"}";
        assertThatThrownBy(() -> FunnelConsumer.readProfile(record("lead-1", value)))
                .isInstanceOf(IllegalArgumentException.class).hasNoCause()
                .hasMessage("the lead.profiles record of lead lead-1 is not valid personal data");
    }

    @Test
    void given_the_personal_data_of_another_lead_under_a_key_when_consumed_then_it_is_refused() {
        LeadPersonalData other = new LeadPersonalData("lead-2", 1, Instant.parse("2026-03-04T08:00:00Z"), 1,
                "lead-service", "x@" + MARKER + ".example", MARKER, null, null, null, null);
        assertThatThrownBy(() -> FunnelConsumer.readProfile(record("lead-1", FunnelJson.writePersonalData(other))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(MARKER)
                .hasMessageContaining("another lead");
    }

    @Test
    void given_a_tombstone_without_a_key_when_consumed_then_it_is_refused() {
        assertThatThrownBy(() -> FunnelConsumer.readProfile(record(null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a lead id");
    }
}
