package io.leadfunnel.bench;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling this machine allows, measured on the same broker and database as the services: raw Kafka produce and
 * consume of ~1 KB records with the services' producer settings, raw MongoDB single-document insert and update with the
 * services' write concern, batched inserts, and batched upserts guarded by version as the services store a new
 * document.
 */
public final class Baselines {

    static final String TOPIC = "bench.baseline";
    static final int RECORD_BYTES = 1024;
    static final int THREADS = 4;

    private final String bootstrap;
    private final String mongo;

    public Baselines(String bootstrap, String mongo) {
        this.bootstrap = bootstrap;
        this.mongo = mongo;
    }

    /** The producer settings of the services' outbox relays: acks=all, idempotence, 5 in flight, linger 5 ms. */
    static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.CLIENT_ID_CONFIG, "funnel-bench"));
        return props;
    }

    static Properties consumerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "funnel-bench-consumer");
        return props;
    }

    /** Records per second produced (until every one is acknowledged) and consumed, over {@code count} records. */
    public void kafkaRates(Report report, int count) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!String.valueOf(e.getMessage()).contains("already exists")) {
                throw new IllegalStateException("cannot create " + TOPIC, e);
            }
        }
        byte[] value = new byte[RECORD_BYTES];
        ThreadLocalRandom.current().nextBytes(value);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, ("lead-" + i).getBytes(), value), (m, e) -> {
                    if (e != null) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            producer.flush();
        }
        double produce = count / ((System.nanoTime() - start) / 1e9);
        report.add(Figure.of("baseline", "Kafka produce rate", produce, "records/s",
                count + " records of 1 KiB, acks=all, idempotence, linger 5 ms, 3 partitions, one producer"));

        List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                new TopicPartition(TOPIC, 2));
        long read = 0;
        start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (read < count && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        double consume = read / ((System.nanoTime() - start) / 1e9);
        report.add(Figure.of("baseline", "Kafka consume rate", consume, "records/s",
                read + " records of 1 KiB, one consumer, all 3 partitions"));
    }

    /** Produce-to-consume latency of single records at {@code rate} per second, the floor of one topic hop. */
    public Stats kafkaHopLatency(double rate, double seconds) {
        Histogram histogram = Stats.histogram();
        Schedule schedule = Schedule.of(rate, seconds);
        List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                new TopicPartition(TOPIC, 2));
        AtomicLong received = new AtomicLong();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(bootstrap),
                new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(bootstrap),
                     new StringSerializer(), new StringSerializer())) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread reader = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) seconds + 30);
                while (received.get() < schedule.count() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.key() != null && r.key().startsWith("hop-")) {
                            long sent = Long.parseLong(r.value().substring(0, r.value().indexOf(' ')));
                            synchronized (histogram) {
                                Stats.record(histogram, (System.nanoTime() - sent) / 1000);
                            }
                            received.incrementAndGet();
                        }
                    }
                }
            }, "hop-reader");
            reader.start();
            String pad = "x".repeat(RECORD_BYTES - 40);
            long start = System.nanoTime() + 10_000_000L;
            for (long i = 0; i < schedule.count(); i++) {
                long intended = start + schedule.offsetNanos(i);
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(TOPIC, "hop-" + i, intended + " " + pad));
            }
            producer.flush();
            reader.join(TimeUnit.SECONDS.toMillis((long) seconds + 40));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (histogram) {
            return Stats.of(histogram);
        }
    }

    /** Raw MongoDB rates with the services' write concern (majority, journaled), {@link #THREADS} writers. */
    public void mongoRates(Report report, double seconds, int batchedCount, long localStackPid) {
        try (MongoClient client = MongoClients.create(mongo)) {
            MongoCollection<Document> docs = client.getDatabase("bench").getCollection("baseline")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            docs.drop();
            String pad = "x".repeat(700);
            AtomicLong ids = new AtomicLong();
            Histogram insertLatency = Stats.histogram();
            double cpuBefore = Machine.cpuSeconds(localStackPid);
            long inserted = timed(seconds, () -> {
                long id = ids.incrementAndGet();
                long t0 = System.nanoTime();
                docs.insertOne(new Document("_id", "lead-" + id).append("version", 1L).append("profile", pad)
                        .append("outbox", List.of(new Document("eventId", "e" + id).append("payload", pad))));
                synchronized (insertLatency) {
                    Stats.record(insertLatency, (System.nanoTime() - t0) / 1000);
                }
            });
            double insertCpu = Machine.cpuSeconds(localStackPid) - cpuBefore;
            report.add(Figure.of("baseline", "MongoDB single-document insert rate", inserted / seconds, "docs/s",
                    THREADS + " threads, ~1.5 KB documents, w=majority, j=true, " + inserted + " inserts"));
            Stats insertStats = Stats.of(insertLatency);
            report.add(Figure.of("baseline", "MongoDB single insert p50", insertStats.p50(), "ms", null));
            report.add(Figure.of("baseline", "MongoDB single insert p99", insertStats.p99(), "ms", null));
            report.add(Figure.of("baseline", "MongoDB server CPU per 1000 inserts", insertCpu / inserted * 1000,
                    "CPU s", "the local stack process (Kafka and MongoDB in one JVM)"));

            long known = ids.get();
            long updated = timed(seconds, () -> {
                long id = 1 + ThreadLocalRandom.current().nextLong(known);
                docs.updateOne(Filters.eq("_id", "lead-" + id),
                        Updates.combine(Updates.inc("version", 1L), Updates.set("stage", "MQL")));
            });
            report.add(Figure.of("baseline", "MongoDB single-document update rate", updated / seconds, "docs/s",
                    THREADS + " threads, by _id, $inc version and $set, w=majority, j=true"));

            MongoCollection<Document> batch = client.getDatabase("bench").getCollection("baseline_batched")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            batch.drop();
            long start = System.nanoTime();
            List<Document> chunk = new ArrayList<>();
            for (int i = 0; i < batchedCount; i++) {
                chunk.add(new Document("_id", "lead-" + i).append("version", 1L).append("profile", pad));
                if (chunk.size() == 1000) {
                    batch.insertMany(chunk);
                    chunk = new ArrayList<>();
                }
            }
            if (!chunk.isEmpty()) {
                batch.insertMany(chunk);
            }
            double batched = batchedCount / ((System.nanoTime() - start) / 1e9);
            report.add(Figure.of("baseline", "MongoDB batched insert rate", batched, "docs/s",
                    batchedCount + " documents, insertMany of 1000, one thread, w=majority, j=true"));

            // the services' way of storing a document for the first time (VersionedBulkWrite): an upsert guarded by
            // _id and version 0, many in one unordered bulk write
            MongoCollection<Document> upserts = client.getDatabase("bench").getCollection("baseline_upserted")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            upserts.drop();
            double upsertCpuBefore = Machine.cpuSeconds(localStackPid);
            start = System.nanoTime();
            List<WriteModel<Document>> models = new ArrayList<>();
            for (int i = 0; i < batchedCount; i++) {
                models.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", "lead-" + i), Filters.eq("version", 0L)),
                        Updates.combine(Updates.set("version", 1L), Updates.set("profile", pad)),
                        new UpdateOptions().upsert(true)));
                if (models.size() == 1000 || i == batchedCount - 1) {
                    upserts.bulkWrite(models, new BulkWriteOptions().ordered(false));
                    models = new ArrayList<>();
                }
            }
            double upserted = batchedCount / ((System.nanoTime() - start) / 1e9);
            double upsertCpu = Machine.cpuSeconds(localStackPid) - upsertCpuBefore;
            report.add(Figure.of("baseline", "MongoDB batched versioned upsert rate", upserted, "docs/s",
                    batchedCount + " new documents, each an upsert guarded by _id and version 0 as the services store"
                            + " a document first, bulk writes of 1000, one thread, w=majority, j=true"));
            report.add(Figure.of("baseline", "MongoDB server CPU per 1000 versioned upserts",
                    upsertCpu / batchedCount * 1000, "CPU s", "the local stack process (Kafka and MongoDB in one JVM)"));
            client.getDatabase("bench").drop();
        }
    }

    /** Runs {@code action} on {@link #THREADS} threads for {@code seconds}; returns how many times it ran. */
    private static long timed(double seconds, Runnable action) {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    action.run();
                    done.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return done.get();
    }
}
