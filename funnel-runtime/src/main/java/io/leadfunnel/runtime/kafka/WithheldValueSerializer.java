package io.leadfunnel.runtime.kafka;

import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes no value: for the dead-letter topic of a compacted topic that carries personal data. A dead-letter topic
 * keeps its records, and nothing would ever erase a copy of personal values there; the dead-lettered record keeps
 * its key and the connector's cause headers ({@code dead-letter-reason}, {@code dead-letter-topic},
 * {@code dead-letter-partition}, {@code dead-letter-offset}), which point at the original record for as long as the
 * source topic holds it.
 *
 * <p>Configured per channel: {@code mp.messaging.incoming.<channel>.dead-letter-queue.value.serializer}.
 */
public class WithheldValueSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        return null;
    }
}
