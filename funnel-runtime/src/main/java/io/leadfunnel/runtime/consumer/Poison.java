package io.leadfunnel.runtime.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record that cannot be read or applied, whatever the wait: it goes to the dead-letter topic with its cause. */
public record Poison(ConsumerRecord<String, String> record, Throwable cause) {
}
