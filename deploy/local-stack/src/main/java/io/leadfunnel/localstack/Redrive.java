package io.leadfunnel.localstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Re-drives dead letters: copies the records of a dead-letter topic back to the topic they came from, once the cause
 * was fixed.
 * <pre>
 * java -cp deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar io.leadfunnel.localstack.Redrive \
 *     lead.events.dlq [--to lead.events] [--bootstrap 127.0.0.1:9092] [--group NAME] [--dry-run]
 * </pre>
 * <ul>
 *   <li>The target is {@code --to}, else the {@code dead-letter-topic} header SmallRye's dead-letter strategy writes.
 *   A record with neither is reported and left where it is.</li>
 *   <li>Key and value are kept byte for byte; the {@code dead-letter-*} headers are dropped (a record that fails again
 *   gets fresh ones) and {@code redriven-from} = {@code <dlq>/<partition>/<offset>} is added.</li>
 *   <li>Each run reads from its consumer group's committed offsets (default group {@code funnel-redrive-<dlq>}) up to
 *   the end offsets seen at its start, and commits after the broker acknowledged every copy ({@code acks=all}). So a
 *   second run re-drives only dead letters that arrived since, and an interrupted run resumes; a crash between the
 *   acknowledgement and the commit re-drives those records again, which the consumers absorb (idempotent on
 *   {@code eventId}).</li>
 *   <li>Several consumer groups of one topic may dead-letter the same record; it is re-driven once per run (same
 *   {@code dead-letter-topic}, {@code -partition}, {@code -offset}).</li>
 *   <li>The other Kafka client settings come from the environment, named as the services name them: every
 *   {@code KAFKA_<NAME>} variable that is a consumer or producer property sets {@code <name>} with {@code _} read as
 *   {@code .} ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG},
 *   {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ...), so a secured cluster needs no other option.</li>
 * </ul>
 * Exit codes: 0 done, 64 bad arguments, 1 failure.
 */
public final class Redrive {

    static final String USAGE = "usage: redrive <dead-letter-topic> [--to TOPIC] [--bootstrap HOST:PORT] [--group NAME]"
            + " [--dry-run]\n"
            + "  --to TOPIC            where to send them (default: each record's dead-letter-topic header)\n"
            + "  --bootstrap HOST:PORT Kafka (default: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092)\n"
            + "  --group NAME          consumer group that remembers what was re-driven (default funnel-redrive-<topic>)\n"
            + "  --dry-run             list what would be re-driven; send and commit nothing\n"
            + "Security settings as for the services: KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,"
            + " KAFKA_SASL_JAAS_CONFIG, KAFKA_SSL_TRUSTSTORE_LOCATION, ... (any KAFKA_<CLIENT_PROPERTY>)";

    static final String REDRIVEN_FROM = "redriven-from";
    private static final String DEAD_LETTER_PREFIX = "dead-letter-";

    private Redrive() {
    }

    /** What a run did. */
    public record Result(int read, int redriven, int duplicates, int withoutOrigin) {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("redrive: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(LocalStack.EXIT_USAGE);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        try {
            Result result = run(options, System.out);
            System.out.printf("redrive: %s: read %d, %s %d, duplicates skipped %d, without origin (left) %d%n",
                    options.dlq, result.read, options.dryRun ? "would re-drive" : "re-driven", result.redriven,
                    result.duplicates, result.withoutOrigin);
        } catch (RuntimeException e) {
            System.err.println("redrive: failed: " + e);
            System.exit(1);
        }
    }

    static Result run(Options options, PrintStream out) {
        Properties consumerProps = new Properties();
        options.clientSettings.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                consumerProps.put(key, value);
            }
        });
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, options.group);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties producerProps = new Properties();
        options.clientSettings.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                producerProps.put(key, value);
            }
        });
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "funnel-redrive");

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = options.dryRun ? null
                     : new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(options.dlq, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + options.dlq + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                    Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }

            int read = 0;
            int redriven = 0;
            int duplicates = 0;
            int withoutOrigin = 0;
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!reachedEnd(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + options.dlq + " to its end within 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue; // arrived after the start: the next run takes it
                    }
                    read++;
                    String origin = header(record, "dead-letter-topic");
                    String target = options.to != null ? options.to : origin;
                    String where = record.topic() + "/" + record.partition() + "/" + record.offset();
                    if (target == null) {
                        withoutOrigin++;
                        out.println("redrive: " + where + " has no dead-letter-topic header and no --to: left");
                        continue;
                    }
                    String originalPosition = origin + "/" + header(record, "dead-letter-partition") + "/"
                            + header(record, "dead-letter-offset");
                    if (origin != null && !seen.add(originalPosition)) {
                        duplicates++;
                        continue;
                    }
                    out.println("redrive: " + where + " -> " + target + " key=" + text(record.key())
                            + " reason=" + header(record, "dead-letter-reason"));
                    if (!options.dryRun) {
                        RecordHeaders headers = new RecordHeaders();
                        for (Header header : record.headers()) {
                            if (!header.key().startsWith(DEAD_LETTER_PREFIX)
                                    && !header.key().equals(REDRIVEN_FROM)) {
                                headers.add(header);
                            }
                        }
                        headers.add(REDRIVEN_FROM, where.getBytes(StandardCharsets.UTF_8));
                        producer.send(new ProducerRecord<>(target, null, record.key(), record.value(), headers));
                    }
                    redriven++;
                }
            }
            if (!options.dryRun) {
                producer.flush(); // acks=all: every copy is acknowledged before the commit below
                Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    positions.put(partition, new OffsetAndMetadata(end.get(partition)));
                }
                consumer.commitSync(positions);
            }
            return new Result(read, redriven, duplicates, withoutOrigin);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The Kafka client settings in an environment, read the way the services read their {@code KAFKA_*} variables:
     * the name after {@code KAFKA_} in lower case with {@code _} as {@code .}. Only consumer and producer properties
     * are kept (a {@code KAFKA_HEAP_OPTS} of Kafka's own scripts is not one), and not the bootstrap servers, which
     * {@code --bootstrap} gives.
     */
    static Map<String, String> clientSettings(Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && value != null && !value.isEmpty()) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (!key.equals(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        && (ConsumerConfig.configNames().contains(key) || ProducerConfig.configNames().contains(key))) {
                    settings.put(key, value);
                }
            }
        });
        return settings;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Command-line options. */
    static final class Options {
        String dlq;
        String to;
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String group;
        boolean dryRun;
        boolean help;
        /** Client settings besides the bootstrap servers (security), from {@code KAFKA_*} variables. */
        Map<String, String> clientSettings = clientSettings(System.getenv());

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> options.help = true;
                    case "--to" -> options.to = value(args, ++i, arg);
                    case "--bootstrap" -> options.bootstrap = value(args, ++i, arg);
                    case "--group" -> options.group = value(args, ++i, arg);
                    case "--dry-run" -> options.dryRun = true;
                    default -> {
                        if (arg.startsWith("-") || options.dlq != null) {
                            throw new IllegalArgumentException("unknown argument " + arg);
                        }
                        options.dlq = arg;
                    }
                }
            }
            if (options.help) {
                return options;
            }
            if (options.dlq == null) {
                throw new IllegalArgumentException("name the dead-letter topic, e.g. lead.events.dlq");
            }
            if (options.to == null && !options.dlq.endsWith(".dlq")) {
                throw new IllegalArgumentException(options.dlq + " is not a dead-letter topic (*.dlq); use --to to"
                        + " re-drive it anyway");
            }
            if (options.group == null) {
                options.group = "funnel-redrive-" + options.dlq;
            }
            return options;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
