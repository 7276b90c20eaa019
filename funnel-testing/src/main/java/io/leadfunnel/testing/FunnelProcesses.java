package io.leadfunnel.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.leadfunnel.localstack.EmbeddedKafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The funnel as real processes: the local stack (Kafka and MongoDB in one JVM) and the four packaged services, each a
 * JVM of its own on free ports, configured only through their documented settings. Tests and benchmarks reach them
 * only through HTTP and the Kafka topics.
 */
public final class FunnelProcesses implements AutoCloseable {

    /**
     * The services, in start order, each with the CPU priority it runs at: lead-service at the priority it is started
     * with, the services whose work comes from the topics {@link #CONSUMER_NICENESS} lower.
     */
    public enum Service {
        LEAD("lead-service", 0), SCORING("scoring-service", CONSUMER_NICENESS),
        HANDOFF("handoff-service", CONSUMER_NICENESS), METRICS("metrics-service", CONSUMER_NICENESS);

        final String module;
        final int niceness;

        Service(String module, int niceness) {
            this.module = module;
            this.niceness = niceness;
        }

        /** The Maven module, which is also the service's name. */
        public String module() {
            return module;
        }

        /** How much nicer than the process that starts it the service runs ({@code nice -n}); 0 for as nice. */
        public int niceness() {
            return niceness;
        }
    }

    /**
     * The services' JVM options as deployed (deploy/README.md, Memory; deploy/local/run and the manifests give the
     * same): heap, metaspace, code cache, thread stacks and direct buffers sized for the load, the serial collector,
     * C1 only, and the C heap trimmed every 5 s where this JVM has the option ({@link #withNativeHeapTrim}).
     */
    public static final List<String> SERVICE_JVM = withNativeHeapTrim(List.of("-Xms64m", "-Xmx256m",
            "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=80m", "-Xss512k", "-XX:MaxDirectMemorySize=64m",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));

    /** Secrets the services are given for the webhooks (test values). */
    public static final String HUBSPOT_SECRET = "e2e-hubspot-secret";
    public static final String GENERIC_SOURCE = "e2e";
    public static final String GENERIC_SECRET = "e2e-generic-secret";
    public static final String SALESFORCE_ORG = "00D000000000E2EAAA";
    /** The token of the Salesforce endpoint URL ({@code /webhooks/salesforce?token=...}) the services accept. */
    public static final String SALESFORCE_TOKEN = "e2e-salesforce-endpoint-token-5a6b7c8d9e0f1a2b3c4d";

    /**
     * The CPU priority (niceness) of the services whose work comes from the topics (scoring, handoff and metrics), as
     * deploy/local/run starts them: a CRM waits for lead-service's answer to each delivery, while the stages behind the
     * topics may fall behind in a burst and catch up after it. Where they share cores with lead-service and the local
     * stack, the deliveries get the CPU first (deploy/README.md, CPU priority).
     */
    public static final int CONSUMER_NICENESS = 10;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path root;
    private final Path work;
    private int kafkaPort;
    private int mongoPort;
    private final Map<Service, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<Service, Integer> managementPorts = new LinkedHashMap<>();
    private final Map<Service, Process> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> extraSettings;
    private Process localStack;

    private FunnelProcesses(Path root, Path work, Map<String, String> extraSettings) {
        this.root = root;
        this.work = work;
        this.extraSettings = Map.copyOf(extraSettings);
        pickPorts();
    }

    /** Picks free ports for everything (a start that finds one taken before it was bound makes a new funnel). */
    private void pickPorts() {
        Iterator<Integer> ports = freePorts(2 + 2 * Service.values().length).iterator();
        kafkaPort = ports.next();
        mongoPort = ports.next();
        for (Service service : Service.values()) {
            httpPorts.put(service, ports.next());
            managementPorts.put(service, ports.next());
        }
    }

    /**
     * Starts the local stack and every service, and waits until each reports ready. The project root comes from the
     * system property {@code funnel.root} (default {@code ../..}), the working folder for logs and data from
     * {@code funnel.e2e.work} (default {@code target/e2e}).
     */
    public static FunnelProcesses start(Map<String, String> extraSettings) {
        Path root = Path.of(System.getProperty("funnel.root", "../..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("funnel.e2e.work", "target/e2e")).toAbsolutePath();
        return start(root, work, extraSettings);
    }

    /**
     * Starts the local stack and every service from the packaged applications under {@code root}, with logs and data
     * in a new folder under {@code workDir}, and waits until each reports ready.
     */
    public static FunnelProcesses start(Path root, Path workDir, Map<String, String> extraSettings) {
        return start(root, workDir, extraSettings, Map.of(), List.of(), false);
    }

    /**
     * As {@link #start(Path, Path, Map)}, with extra JVM options per service and for the local stack, placed after the
     * defaults so that they win (for example {@code -Xmx512m}, {@code -XX:TieredStopAtLevel=4}).
     */
    public static FunnelProcesses start(Path root, Path workDir, Map<String, String> extraSettings,
                                        Map<Service, List<String>> serviceJvmOptions,
                                        List<String> localStackJvmOptions) {
        return start(root, workDir, extraSettings, serviceJvmOptions, localStackJvmOptions, false);
    }

    private static FunnelProcesses start(Path root, Path workDir, Map<String, String> extraSettings,
            boolean separateEngines) {
        return start(root, workDir, extraSettings, Map.of(), List.of(), separateEngines);
    }

    private static FunnelProcesses start(Path root, Path workDir, Map<String, String> extraSettings,
            Map<Service, List<String>> serviceJvmOptions, List<String> localStackJvmOptions,
            boolean separateEngines) {
        return start(root, workDir, extraSettings, serviceJvmOptions, localStackJvmOptions, separateEngines, null);
    }

    private static FunnelProcesses start(Path root, Path workDir, Map<String, String> extraSettings,
            Map<Service, List<String>> serviceJvmOptions, List<String> localStackJvmOptions,
            boolean separateEngines, KafkaLogin kafkaLogin) {
        Path work = workDir.toAbsolutePath().resolve("run-" + System.currentTimeMillis());
        // a port found free can be taken by another program's outgoing connection before it is bound: try again
        for (int attempt = 1; ; attempt++) {
            FunnelProcesses funnel = new FunnelProcesses(root, work.resolveSibling(work.getFileName() + "-" + attempt),
                    extraSettings);
            funnel.serviceJvmOptions = Map.copyOf(serviceJvmOptions);
            funnel.localStackJvmOptions = List.copyOf(localStackJvmOptions);
            funnel.separateEngines = separateEngines;
            funnel.kafkaLogin = kafkaLogin;
            try {
                funnel.startEngines();
                for (Service service : Service.values()) {
                    funnel.launch(service);
                }
                for (Service service : Service.values()) {
                    funnel.awaitReady(service);
                }
                return funnel;
            } catch (RuntimeException | Error e) {
                funnel.close();
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("in use")) {
                    throw e;
                }
            }
        }
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    // ------------------------------------------------------------------ a broker that requires a login (SASL/SCRAM)

    /** The one SCRAM user of the local stack's Kafka listener; null when it is plaintext. */
    private record KafkaLogin(String user, String password) {
    }

    private KafkaLogin kafkaLogin;

    /**
     * Like {@link #start(Map)}, but the local stack's Kafka port requires a login: a {@code SASL_PLAINTEXT} listener
     * with {@code SCRAM-SHA-512} and the one user {@code user} (the stack's {@code --kafka-sasl-user} and
     * {@code --kafka-sasl-password}).
     * Each service gets the login only through its documented Kafka settings, the environment variables
     * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM} and {@code KAFKA_SASL_JAAS_CONFIG}; tests reach the
     * topics with {@link #kafkaClientSettings()}.
     */
    public static FunnelProcesses startWithKafkaLogin(Map<String, String> extraSettings, String user,
                                                      String password) {
        Path root = Path.of(System.getProperty("funnel.root", "../..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("funnel.e2e.work", "target/e2e")).toAbsolutePath();
        return start(root, work, extraSettings, Map.of(), List.of(), false, new KafkaLogin(user, password));
    }

    /**
     * The Kafka client properties that reach the local stack's broker: {@code bootstrap.servers} and, when it requires
     * a login, {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
     */
    public Map<String, Object> kafkaClientSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafkaBootstrapServers());
        settings.putAll(kafkaSecurity());
        return settings;
    }

    /** The login's client security settings, empty for a plaintext broker. */
    private Map<String, String> kafkaSecurity() {
        return kafkaLogin == null ? Map.of()
                : EmbeddedKafka.scramClientSettings(kafkaLogin.user(), kafkaLogin.password());
    }

    /** The local stack's arguments for the login, none for a plaintext broker. */
    private List<String> kafkaLoginArguments() {
        return kafkaLogin == null ? List.of()
                : List.of("--kafka-sasl-user", kafkaLogin.user(), "--kafka-sasl-password", kafkaLogin.password());
    }

    /** The login as the services' documented environment variables (the {@code kafka.*} properties). */
    private Map<String, String> kafkaLoginEnvironment() {
        Map<String, String> env = new HashMap<>();
        kafkaSecurity().forEach((key, value) ->
                env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    public String baseUrl(Service service) {
        return "http://127.0.0.1:" + httpPorts.get(service);
    }

    public String managementUrl(Service service) {
        return "http://127.0.0.1:" + managementPorts.get(service);
    }

    /** Kills a service at once (SIGKILL), as a crash would. */
    public void kill(Service service) {
        Process process = running.remove(service);
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(30));
        }
    }

    /** Starts a killed service again on the same ports and waits until it is ready. */
    public void restart(Service service) {
        kill(service);
        launch(service);
        awaitReady(service);
    }

    /** The service's log so far. */
    public String log(Service service) {
        return read(work.resolve(service.module + ".log"));
    }

    @Override
    public void close() {
        List<Process> stopping = new ArrayList<>(running.values());
        running.clear();
        stopping.forEach(Process::destroy);
        stopping.forEach(p -> {
            if (!waitFor(p, Duration.ofSeconds(20))) {
                p.destroyForcibly();
            }
        });
        closeFaultProcesses();
        if (localStack != null) {
            localStack.destroy();
            if (!waitFor(localStack, Duration.ofSeconds(20))) {
                localStack.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------- benchmarks: JVM options per run, process ids, working folder

    private Map<Service, List<String>> serviceJvmOptions = Map.of();
    private List<String> localStackJvmOptions = List.of();

    /** The operating-system process id of a running service (for /proc, jcmd). */
    public long pid(Service service) {
        Process process = running.get(service);
        if (process == null) {
            throw new IllegalStateException(service.module + " is not running");
        }
        return process.pid();
    }

    /** The operating-system process id of the local stack (Kafka and MongoDB). */
    public long localStackPid() {
        return localStack.pid();
    }

    /** The MongoDB connection string of the local stack. */
    public String mongoConnectionString() {
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    /** The folder of this run's logs and data. */
    public Path workDir() {
        return work;
    }

    // -------------------------------------------------------------- fault suite: separate engines, second instances

    private boolean separateEngines;
    private Process kafkaEngine;
    private Process mongoEngine;
    private final Map<Service, Process> secondInstances = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Service, Integer> secondInstanceHttpPorts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Service, Integer> secondInstanceManagementPorts = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Like {@link #start(Map)}, but Kafka and MongoDB run as two processes of the local stack ({@code --only kafka},
     * {@code --only mongo}) on one data folder, so that {@link #stopKafka()}, {@link #startKafka()},
     * {@link #stopMongo()} and {@link #startMongo()} can stop and restart each on its own.
     */
    public static FunnelProcesses startWithSeparateEngines(Map<String, String> extraSettings) {
        Path root = Path.of(System.getProperty("funnel.root", "../..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("funnel.e2e.work", "target/e2e")).toAbsolutePath();
        return start(root, work, extraSettings, true);
    }

    /** Stops the Kafka process (SIGTERM: a clean broker shutdown); its data stays for {@link #startKafka()}. */
    public void stopKafka() {
        requireSeparateEngines();
        stopEngine(kafkaEngine);
        kafkaEngine = null;
    }

    /** Starts Kafka again on the same port with the same data and waits until it serves. */
    public void startKafka() {
        requireSeparateEngines();
        if (kafkaEngine == null || !kafkaEngine.isAlive()) {
            kafkaEngine = startEngine("kafka", "-Xmx512m");
        }
    }

    /** Stops the MongoDB process (SIGTERM); its H2 data file stays for {@link #startMongo()}. */
    public void stopMongo() {
        requireSeparateEngines();
        stopEngine(mongoEngine);
        mongoEngine = null;
    }

    /** Starts MongoDB again on the same port with the same data file and waits until it serves. */
    public void startMongo() {
        requireSeparateEngines();
        if (mongoEngine == null || !mongoEngine.isAlive()) {
            mongoEngine = startEngine("mongo", "-Xmx384m");
        }
    }

    /**
     * Starts a second instance of a service on new ports, with the same settings (so the same consumer group and
     * database), and waits until it is ready; its log is {@code <service>-2.log}.
     */
    public void startSecondInstance(Service service) {
        if (secondInstances.containsKey(service)) {
            throw new IllegalStateException("a second " + service.module + " is already running");
        }
        List<Integer> ports = freePorts(2);
        int http = ports.get(0);
        int management = ports.get(1);
        Path log = work.resolve(service.module + "-2.log");
        Process process = spawnService(service, http, management, log);
        secondInstances.put(service, process);
        secondInstanceHttpPorts.put(service, http);
        secondInstanceManagementPorts.put(service, management);
        URI ready = URI.create("http://127.0.0.1:" + management + "/q/health/ready");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (status(ready) != 200) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stopSecondInstance(service);
                throw new IllegalStateException("the second " + service.module + " did not become ready:\n"
                        + tail(log));
            }
            sleep(500);
        }
    }

    /** The second instance's HTTP address. */
    public String secondInstanceBaseUrl(Service service) {
        Integer port = secondInstanceHttpPorts.get(service);
        if (port == null) {
            throw new IllegalStateException("no second " + service.module + " is running");
        }
        return "http://127.0.0.1:" + port;
    }

    /** The second instance's management address ({@code /q/metrics}, {@code /q/health}). */
    public String secondInstanceManagementUrl(Service service) {
        Integer port = secondInstanceManagementPorts.get(service);
        if (port == null) {
            throw new IllegalStateException("no second " + service.module + " is running");
        }
        return "http://127.0.0.1:" + port;
    }

    /** Kills the second instance at once (SIGKILL), as a crash would: it neither finishes its poll nor leaves. */
    public void killSecondInstance(Service service) {
        secondInstanceHttpPorts.remove(service);
        secondInstanceManagementPorts.remove(service);
        Process process = secondInstances.remove(service);
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(30));
        }
    }

    /** Stops the second instance gracefully (SIGTERM: it leaves its consumer group), as a scale-down does. */
    public void stopSecondInstance(Service service) {
        secondInstanceHttpPorts.remove(service);
        secondInstanceManagementPorts.remove(service);
        Process process = secondInstances.remove(service);
        if (process != null) {
            process.destroy();
            if (!waitFor(process, Duration.ofSeconds(30))) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(30));
            }
        }
    }

    private void startEngines() {
        if (!separateEngines) {
            startLocalStack();
            return;
        }
        startMongo();
        startKafka();
    }

    private Process startEngine(String engine, String heap) {
        Path jar = root.resolve("deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
        require(jar);
        Path log = work.resolve(engine + ".log");
        int before = read(log).length();
        List<String> command = new ArrayList<>(List.of(java(), heap, "-jar", jar.toString(), "--only", engine,
                "--data-dir", work.resolve("data").toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--mongo-port", Integer.toString(mongoPort)));
        command.addAll(kafkaLoginArguments());
        Process process = spawn(command, Map.of(), log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!read(log).substring(before).contains("local-stack: ready")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + engine + " engine stopped while starting:\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the " + engine + " engine did not start within " + START_TIMEOUT);
            }
            sleep(200);
        }
        return process;
    }

    private static void stopEngine(Process engine) {
        if (engine != null) {
            engine.destroy();
            if (!waitFor(engine, Duration.ofSeconds(60))) {
                engine.destroyForcibly();
                waitFor(engine, Duration.ofSeconds(30));
            }
        }
    }

    private void requireSeparateEngines() {
        if (!separateEngines) {
            throw new IllegalStateException("Kafka and MongoDB share one process; use startWithSeparateEngines");
        }
    }

    private void closeFaultProcesses() {
        new ArrayList<>(secondInstances.keySet()).forEach(this::stopSecondInstance);
        stopEngine(kafkaEngine);
        kafkaEngine = null;
        stopEngine(mongoEngine);
        mongoEngine = null;
    }

    // ------------------------------------------------------------------------------------------------ starting

    private void startLocalStack() {
        Path jar = root.resolve("deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
        require(jar);
        Path log = work.resolve("local-stack.log");
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-XX:TieredStopAtLevel=1"));
        command.addAll(localStackJvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--data-dir",
                work.resolve("data").toString(), "--kafka-port", Integer.toString(kafkaPort), "--mongo-port",
                Integer.toString(mongoPort)));
        command.addAll(kafkaLoginArguments());
        localStack = spawn(command, Map.of(), log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!read(log).contains("local-stack: ready")) {
            if (!localStack.isAlive()) {
                throw new IllegalStateException("the local stack stopped while starting:\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local stack did not start within " + START_TIMEOUT);
            }
            sleep(250);
        }
    }

    private void launch(Service service) {
        running.put(service, spawnService(service, httpPorts.get(service), managementPorts.get(service),
                work.resolve(service.module + ".log")));
    }

    private Process spawnService(Service service, int httpPort, int managementPort, Path log) {
        Path jar = root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        require(jar);
        List<String> command = new ArrayList<>(priority(service));
        command.add(java());
        command.addAll(SERVICE_JVM);
        command.addAll(List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dfunnel.lead.webhooks.hubspot.secret=" + HUBSPOT_SECRET,
                "-Dfunnel.lead.webhooks.generic." + GENERIC_SOURCE + ".secret=" + GENERIC_SECRET,
                "-Dfunnel.lead.webhooks.salesforce.organization-ids=" + SALESFORCE_ORG,
                "-Dfunnel.lead.webhooks.salesforce.token=" + SALESFORCE_TOKEN));
        command.addAll(serviceJvmOptions.getOrDefault(service, List.of()));
        extraSettings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers(),
                "MONGODB_CONNECTION_STRING", "mongodb://127.0.0.1:" + mongoPort,
                "JWT_PUBLIC_KEY_LOCATION", "file:" + root.resolve(
                        "funnel-testing/src/main/resources/io/leadfunnel/testing/jwt/dev-public-key.pem")));
        env.putAll(kafkaLoginEnvironment());
        return spawn(command, env, log);
    }

    private void awaitReady(Service service) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI ready = URI.create(managementUrl(service) + "/q/health/ready");
        while (true) {
            Process process = running.get(service);
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(service.module + " stopped while starting:\n"
                        + tail(work.resolve(service.module + ".log")));
            }
            if (status(ready) == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.module + " was not ready within " + START_TIMEOUT + ":\n"
                        + tail(work.resolve(service.module + ".log")));
            }
            sleep(500);
        }
    }

    private Process spawn(List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static int status(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(3000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * {@code nice -n} {@link Service#niceness()} before the command of a service that runs nicer, where the system has
     * {@code nice}, which then becomes the JVM (the process and its id stay the service's); nothing otherwise.
     */
    private static List<String> priority(Service service) {
        if (service.niceness == 0) {
            return List.of();
        }
        for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
            if (Files.isExecutable(Path.of(nice))) {
                return List.of(nice, "-n", Integer.toString(service.niceness));
            }
        }
        return List.of();
    }

    /**
     * {@code options} and {@code -XX:TrimNativeHeapInterval=5000} when this JVM knows that option (JDK 17.0.9 and
     * later updates of 17, 21.0.1 and later, 22 and later), which the services' JVM is ({@link #java}); an older JVM
     * would refuse to start with it.
     */
    static List<String> withNativeHeapTrim(List<String> options) {
        List<String> all = new ArrayList<>(options);
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TrimNativeHeapInterval");
            all.add("-XX:TrimNativeHeapInterval=5000");
        } catch (IllegalArgumentException e) {
            // not an option of this JVM
        }
        return List.copyOf(all);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; build the project first (./mvnw verify builds it)");
        }
    }

    /**
     * {@code count} distinct ports that were free: each socket stays bound until all are picked, since the system may
     * hand out a port again as soon as it is released (MongoDB and one of handoff-service's ports were once given the
     * same one, and the service could not start).
     */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // released on exit at the latest; the port is still one that was free
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file) {
        String[] lines = read(file).split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
