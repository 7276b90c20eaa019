package io.leadfunnel.runtime.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record that cannot be read or applied, whatever the wait: it goes to the dead-letter topic with its cause. */
public record Poison(ConsumerRecord<String, String> record, Throwable cause) {

    /**
     * The same record with a cause that names its topic, lead and the failure's class and quotes nothing else: for a
     * topic of personal values, whose failures (a store's or a codec's message) may quote a stored value, while the
     * cause travels to the dead-letter topic's headers and to the log.
     */
    public Poison quotingNothing() {
        return new Poison(record, new IllegalStateException("the " + record.topic() + " record of lead "
                + record.key() + " could not be applied (" + cause.getClass().getSimpleName() + ")"));
    }
}
