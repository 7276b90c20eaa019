package io.leadfunnel.localstack;

import io.leadfunnel.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs Kafka and MongoDB on their usual ports without Docker, for running the services on a laptop.
 * <pre>
 * java -jar deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar [--data-dir DIR] [--kafka-port N] [--mongo-port N]
 *     [--only kafka|mongo] [--kafka-sasl-user U --kafka-sasl-password P]
 * </pre>
 * {@code --only} runs one engine, so that fault tests can stop and restart Kafka and MongoDB independently (two
 * processes on the same data directory: Kafka uses {@code DIR/kafka}, MongoDB {@code DIR/mongo}).
 * {@code --kafka-sasl-user} and {@code --kafka-sasl-password} (always together) make the Kafka port a
 * {@code SASL_PLAINTEXT} listener with {@code SCRAM-SHA-512} and that one user, created by the stack: clients then set
 * {@code KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT}, {@code KAFKA_SASL_MECHANISM=SCRAM-SHA-512} and
 * {@code KAFKA_SASL_JAAS_CONFIG} (the {@code kafka.*} properties of the services), and clients without them are
 * refused.
 * Data lives under {@code .data/} of the working directory unless {@code --data-dir} or the system property
 * {@code leadfunnel.data.dir} says otherwise, and survives a restart. Ctrl-C stops both engines cleanly.
 */
public final class LocalStack {

    /** Exit code when a port is taken. */
    static final int EXIT_PORT_IN_USE = 2;
    static final int EXIT_USAGE = 64;

    static final String HOST = "127.0.0.1";
    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_MONGO_PORT = 27017;

    /** The funnel's topics, created up front with {@value EmbeddedKafka#DEFAULT_PARTITIONS} partitions. */
    static final List<String> TOPICS = List.of(
            Topics.LEAD_EVENTS, Topics.LEAD_PROFILES, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE,
            Topics.deadLetter(Topics.LEAD_EVENTS), Topics.deadLetter(Topics.LEAD_PROFILES),
            Topics.deadLetter(Topics.LEAD_SCORES), Topics.deadLetter(Topics.LEAD_LIFECYCLE));

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }

        boolean runKafka = options.only == null || options.only.equals("kafka");
        boolean runMongo = options.only == null || options.only.equals("mongo");
        EmbeddedKafka.Builder kafkaBuilder = EmbeddedKafka.builder().host(HOST).port(options.kafkaPort)
                .logDir(options.dataDir.resolve("kafka"));
        if (options.kafkaSaslUser != null) {
            kafkaBuilder.saslScram(options.kafkaSaslUser, options.kafkaSaslPassword);
        }
        EmbeddedKafka kafka = kafkaBuilder.build();
        EmbeddedMongo mongo = EmbeddedMongo.builder().host(HOST).port(options.mongoPort)
                .dataFile(options.dataDir.resolve("mongo").resolve("funnel.mv.db")).build();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            // check both ports before starting anything, so a taken port leaves nothing half started
            if (runKafka) {
                Ports.requireFree(HOST, options.kafkaPort, "Kafka");
            }
            if (runMongo) {
                Ports.requireFree(HOST, options.mongoPort, "MongoDB");
                mongo.start();
            }
            if (runKafka) {
                kafka.start();
                createTopics(kafka.clientSettings());
            }
        } catch (PortInUseException e) {
            System.err.println("local-stack: " + e.getMessage() + " (stop the other server or pick another port)");
            stopQuietly(kafka, mongo);
            System.exit(EXIT_PORT_IN_USE);
            return;
        } catch (RuntimeException e) {
            System.err.println("local-stack: cannot start: " + e);
            stopQuietly(kafka, mongo);
            System.exit(1);
            return;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("local-stack: stopping");
            stopQuietly(kafka, mongo);
            stopped.countDown();
        }, "local-stack-shutdown"));

        if (runKafka) {
            System.out.println("local-stack: Kafka   " + kafka.bootstrapServers() + "   (KAFKA_BOOTSTRAP_SERVERS)");
            if (kafka.saslEnabled()) {
                System.out.println("local-stack: SASL    " + EmbeddedKafka.SASL_MECHANISM + " user "
                        + options.kafkaSaslUser + "   (KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT, KAFKA_SASL_MECHANISM="
                        + EmbeddedKafka.SASL_MECHANISM + ", KAFKA_SASL_JAAS_CONFIG with that user and password)");
            }
        }
        if (runMongo) {
            System.out.println("local-stack: MongoDB " + mongo.connectionString() + "   (MONGODB_CONNECTION_STRING)");
        }
        if (runKafka) {
            System.out.println("local-stack: topics  " + String.join(", ", TOPICS));
        }
        System.out.println("local-stack: data    " + options.dataDir);
        System.out.println("local-stack: ready; Ctrl-C stops it");
        if (runMongo) {
            reportScans(stopped);
        }
        stopped.await();
    }

    /**
     * Prints, once a minute, the whole-collection scans the engine made in that minute ({@link CollectionScans}), so a
     * query that breaks the services' hot-path rule shows in the log; nothing when there were none.
     */
    private static void reportScans(CountDownLatch stopped) {
        Thread reporter = new Thread(() -> {
            Map<String, Long> before = CollectionScans.snapshot();
            try {
                while (!stopped.await(60, TimeUnit.SECONDS)) {
                    Map<String, Long> now = CollectionScans.snapshot();
                    String scans = CollectionScans.since(before, now);
                    if (!scans.isEmpty()) {
                        System.out.println("local-stack: collection scans in the last minute: " + scans);
                    }
                    before = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "local-stack-scan-report");
        reporter.setDaemon(true);
        reporter.start();
    }

    /**
     * Creates the funnel topics with the broker's client settings (bootstrap servers and, with SASL, the login); ones
     * that exist from an earlier run are left as they are.
     */
    static void createTopics(Map<String, String> clientSettings) {
        try (Admin admin = Admin.create(Map.copyOf(clientSettings))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : TOPICS) {
                topics.add(new NewTopic(topic, EmbeddedKafka.DEFAULT_PARTITIONS, (short) 1)
                        .configs(Topics.config(topic)));
            }
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + name, e);
                }
            });
        }
    }

    private static void stopQuietly(EmbeddedKafka kafka, EmbeddedMongo mongo) {
        try {
            kafka.close();
        } catch (RuntimeException e) {
            System.err.println("local-stack: Kafka did not stop cleanly: " + e);
        }
        try {
            mongo.close();
        } catch (RuntimeException e) {
            System.err.println("local-stack: MongoDB did not stop cleanly: " + e);
        }
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = "usage: local-stack [--data-dir DIR] [--kafka-port N] [--mongo-port N]"
                + " [--only kafka|mongo] [--kafka-sasl-user U --kafka-sasl-password P]\n"
                + "  --data-dir DIR   where Kafka logs and MongoDB data live (default: system property"
                + " leadfunnel.data.dir, else .data)\n"
                + "  --kafka-port N   Kafka client port (default 9092)\n"
                + "  --mongo-port N   MongoDB port (default 27017)\n"
                + "  --only ENGINE    run only kafka or only mongo (default: both)\n"
                + "  --kafka-sasl-user U, --kafka-sasl-password P\n"
                + "                   Kafka port as a SASL_PLAINTEXT listener with SCRAM-SHA-512 and this one user,"
                + " created by the stack;\n"
                + "                   clients without these credentials are refused (default: plaintext, no login)";

        Path dataDir = Path.of(System.getProperty("leadfunnel.data.dir", ".data"));
        int kafkaPort = DEFAULT_KAFKA_PORT;
        int mongoPort = DEFAULT_MONGO_PORT;
        /** {@code kafka}, {@code mongo}, or null for both. */
        String only;
        /** The one SASL/SCRAM user of the Kafka listener, or null for a plaintext listener. */
        String kafkaSaslUser;
        String kafkaSaslPassword;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> options.help = true;
                    case "--data-dir" -> options.dataDir = Path.of(value(args, ++i, arg));
                    case "--kafka-port" -> options.kafkaPort = port(value(args, ++i, arg), arg);
                    case "--mongo-port" -> options.mongoPort = port(value(args, ++i, arg), arg);
                    case "--only" -> {
                        String engine = value(args, ++i, arg);
                        if (!engine.equals("kafka") && !engine.equals("mongo")) {
                            throw new IllegalArgumentException("--only must be kafka or mongo, not " + engine);
                        }
                        options.only = engine;
                    }
                    case "--kafka-sasl-user" -> options.kafkaSaslUser = value(args, ++i, arg);
                    case "--kafka-sasl-password" -> options.kafkaSaslPassword = value(args, ++i, arg);
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if ((options.kafkaSaslUser == null) != (options.kafkaSaslPassword == null)) {
                throw new IllegalArgumentException("--kafka-sasl-user and --kafka-sasl-password go together");
            }
            if (options.kafkaSaslUser != null) {
                // the same checks the broker makes, so a bad value is a usage error rather than a failed start
                EmbeddedKafka.builder().saslScram(options.kafkaSaslUser, options.kafkaSaslPassword);
            }
            options.dataDir = options.dataDir.toAbsolutePath().normalize();
            return options;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int port(String value, String option) {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a port number, not " + value);
            }
        }
    }
}
