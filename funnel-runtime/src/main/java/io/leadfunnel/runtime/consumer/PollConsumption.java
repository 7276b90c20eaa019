package io.leadfunnel.runtime.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The steps every batch consumer takes with a poll, once: the poll's records applied lead by lead groups
 * ({@link PollApplication}: transient failures waited out, a permanent one isolated), the poison records (unreadable or
 * refused) sent to the dead-letter topic ({@link DeadLetters}) and every record counted in
 * {@code funnel_consumed_total{topic, type, outcome}}. The consumer method returns after this, so the connector commits
 * the poll's offsets only once the writes are acknowledged and the dead letters are on the broker.
 */
@ApplicationScoped
public class PollConsumption {

    private static final Logger LOG = Logger.getLogger(PollConsumption.class);
    private static final String COUNTER = "funnel.consumed";

    /** What became of one record: its event type and the outcome, a lower-case word such as {@code applied}. */
    public record Counted(String type, String outcome) {
    }

    /** What applying some leads' records did: each applied record counted, and the records that cannot be applied. */
    public record Applied(List<Counted> counted, List<Poison> poison) {
    }

    /**
     * A consumed topic and where its dead letters go.
     *
     * @param value what a dead letter keeps of the record's value: {@link DeadLetters.Value#WITHHELD} for a topic of
     *              personal values, whose records that cannot be applied are dead-lettered with a cause that quotes
     *              nothing ({@link Poison#quotingNothing}); the causes of its unreadable records are the reader's, and
     *              must quote nothing of the value themselves
     */
    public record Channel(String topic, String deadLetterTopic, DeadLetters.Value value) {
    }

    /** The connector's setting of a channel's dead-letter topic, which the poison of its polls follows too. */
    private static final String DEAD_LETTER_TOPIC = "mp.messaging.incoming.%s.dead-letter-queue.topic";

    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final Function<String, Optional<String>> settings;

    @Inject
    public PollConsumption(DeadLetters deadLetters, MeterRegistry registry, Config config) {
        this(deadLetters, registry, key -> config.getOptionalValue(key, String.class));
    }

    /** @param settings a configuration value by key, for the channels' dead-letter topics */
    public PollConsumption(DeadLetters deadLetters, MeterRegistry registry,
                           Function<String, Optional<String>> settings) {
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.settings = settings;
    }

    /**
     * The incoming channel {@code name} of {@code topic}, its dead letters kept whole: they go to the topic set as
     * {@code mp.messaging.incoming.<name>.dead-letter-queue.topic}, {@code <topic>.dlq} when none is.
     */
    public Channel channel(String name, String topic) {
        return new Channel(topic, deadLetterTopic(name, topic), DeadLetters.Value.KEPT);
    }

    /** As {@link #channel}, for a topic of personal values: its dead letters keep nothing of them. */
    public Channel channelWithheld(String name, String topic) {
        return new Channel(topic, deadLetterTopic(name, topic), DeadLetters.Value.WITHHELD);
    }

    private String deadLetterTopic(String name, String topic) {
        return settings.apply(DEAD_LETTER_TOPIC.formatted(name)).orElse(topic + ".dlq");
    }

    /**
     * Applies the poll by {@code work}, dead-letters what it could not read or apply, and counts every record.
     *
     * @param work applies the given leads' records; called again with the same leads after a transient failure, so
     *             it must not count anything itself
     */
    public <E> void consume(Channel channel, LeadPoll<E> poll,
                            Function<Map<String, List<LeadPoll.Entry<E>>>, Applied> work) {
        List<Poison> poison = new ArrayList<>(poll.unreadable());
        List<Counted> counted = new ArrayList<>();
        PollApplication.apply("applying a poll of " + poll.size() + " " + channel.topic() + " records",
                poll.byLead(), leads -> {
                    Applied applied = work.apply(leads);
                    counted.addAll(applied.counted());
                    return applied.poison();
                }).forEach(p -> poison.add(channel.value() == DeadLetters.Value.WITHHELD ? p.quotingNothing() : p));
        deadLetters.send(channel.deadLetterTopic(), poison, channel.value());
        counted.forEach(c -> registry.counter(COUNTER, "topic", channel.topic(), "type", c.type(),
                "outcome", c.outcome()).increment());
        if (!poison.isEmpty()) {
            registry.counter(COUNTER, "topic", channel.topic(), "type", "any", "outcome", "dead-lettered")
                    .increment(poison.size());
        }
    }

    /**
     * Counts a record skipped because its event type is one this version does not know (from a newer producer). The
     * type is a label value only as far as the producer's types are bounded; callers pass what the record named.
     */
    public void skippedUnknownType(String topic, String type) {
        registry.counter(COUNTER, "topic", topic, "type", String.valueOf(type), "outcome", "unknown-type")
                .increment();
        LOG.debugf("skipping %s event of unknown type %s", topic, type);
    }
}
