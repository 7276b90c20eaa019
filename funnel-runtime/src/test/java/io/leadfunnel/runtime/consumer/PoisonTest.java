package io.leadfunnel.runtime.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PoisonTest {

    @Test
    void quotingNothingKeepsTheRecordAndNamesOnlyTopicLeadAndTheFailuresClass() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("lead.profiles", 1, 42, "lead-7",
                "{\"email\":\"ada@example.com\"}");
        Poison poison = new Poison(record, new IllegalArgumentException("stored e-mail ada@example.com is invalid"));

        Poison quiet = poison.quotingNothing();

        assertThat(quiet.record()).isSameAs(record);
        assertThat(quiet.cause()).hasMessage("the lead.profiles record of lead lead-7 could not be applied "
                + "(IllegalArgumentException)").hasNoCause();
        assertThat(quiet.cause().getMessage()).doesNotContain("ada@example.com");
    }
}
