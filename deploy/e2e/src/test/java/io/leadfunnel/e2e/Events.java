package io.leadfunnel.e2e;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the funnel events of a topic, skipping records that are no event (the fault suite writes poison records). */
final class Events {

    private Events() {
    }

    static List<FunnelEvent> readAll(TopicReader reader, String topic) {
        List<FunnelEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : reader.readAll(topic, Duration.ofSeconds(30))) {
            try {
                events.add(TopicReader.decode(record));
            } catch (RuntimeException e) {
                // a poison record, or an event type this build does not know
            }
        }
        return events;
    }
}
