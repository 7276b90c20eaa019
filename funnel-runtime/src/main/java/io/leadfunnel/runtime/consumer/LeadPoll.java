package io.leadfunnel.runtime.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One Kafka poll of a lead-keyed topic, read and grouped by lead. Records of one lead share a key, hence a partition,
 * so the order among a lead's records is the only order there is; it is kept. Leads come in the order of their first
 * record. A record that cannot be read is set aside as poison with the cause; one the reader skips (an event type this
 * version does not know) is left out.
 *
 * @param <E> the event a record is read into
 */
public final class LeadPoll<E> {

    /** A record and the event read from it. */
    public record Entry<E>(ConsumerRecord<String, String> record, E event) {
    }

    /** Reads a record: the event, or empty to skip it (the reader counts what it skips). Throws when it cannot. */
    @FunctionalInterface
    public interface Reader<E> {
        Optional<E> read(ConsumerRecord<String, String> record);
    }

    private final Map<String, List<Entry<E>>> byLead;
    private final List<Poison> unreadable;
    private final int records;

    private LeadPoll(Map<String, List<Entry<E>>> byLead, List<Poison> unreadable, int records) {
        this.byLead = byLead;
        this.unreadable = unreadable;
        this.records = records;
    }

    /** Reads every record of the poll, in poll order. */
    public static <E> LeadPoll<E> read(Iterable<ConsumerRecord<String, String>> records, Reader<E> reader,
                                       Function<E, String> leadOf) {
        Map<String, List<Entry<E>>> byLead = new LinkedHashMap<>();
        List<Poison> unreadable = new ArrayList<>();
        int count = 0;
        for (ConsumerRecord<String, String> record : records) {
            count++;
            Optional<E> event;
            try {
                event = reader.read(record);
            } catch (RuntimeException e) {
                unreadable.add(new Poison(record, e));
                continue;
            }
            event.ifPresent(e -> byLead.computeIfAbsent(leadOf.apply(e), lead -> new ArrayList<>())
                    .add(new Entry<>(record, e)));
        }
        return new LeadPoll<>(byLead, unreadable, count);
    }

    /** The records read, by lead, each lead's in poll order. */
    public Map<String, List<Entry<E>>> byLead() {
        return byLead;
    }

    /** The records that could not be read, with their causes. */
    public List<Poison> unreadable() {
        return unreadable;
    }

    /** How many records the poll had. */
    public int size() {
        return records;
    }
}
