package io.leadfunnel.deploy;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a deployment must know about one service, read from its {@code application.properties} (the production view:
 * properties without a profile or with {@code %prod.}) and its JVM Dockerfile.
 */
record ServiceModule(String name, Path dir, int httpPort, int managementPort, Map<String, String> properties,
                     Set<String> envRead, Set<String> envRequired, Set<String> consumedTopics,
                     Set<String> deadLetterTopics) {

    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.[^.]+\\.topic");
    private static final Pattern DLQ = Pattern.compile("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** What a {@code KAFKA_*} variable can set: a property of Kafka's producer, consumer or admin client. */
    private static final Set<String> KAFKA_CLIENT_PROPERTIES = kafkaClientProperties();

    static ServiceModule load(Path dir) {
        Path file = dir.resolve("src/main/resources/application.properties");
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> prod = new LinkedHashMap<>();
        for (String key : new TreeSet<>(raw.stringPropertyNames())) {
            if (!key.startsWith("%")) {
                prod.putIfAbsent(key, raw.getProperty(key));
            }
        }
        for (String key : raw.stringPropertyNames()) {
            if (key.startsWith("%prod.")) {
                prod.put(key.substring("%prod.".length()), raw.getProperty(key));
            }
        }
        Set<String> read = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        Set<String> consumed = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        prod.forEach((key, value) -> {
            expressions(value, read, required);
            if (INCOMING.matcher(key).matches()) {
                consumed.add(value.trim());
            }
            if (DLQ.matcher(key).matches()) {
                deadLetters.add(value.trim());
            }
        });
        String name = dir.getFileName().toString();
        return new ServiceModule(name, dir, port(prod, "quarkus.http.port", name), port(prod, "quarkus.management.port", name),
                prod, read, required, consumed, deadLetters);
    }

    private static int port(Map<String, String> prod, String key, String service) {
        String value = prod.get(key);
        if (value == null || !value.trim().matches("\\d+")) {
            throw new AssertionError(service + ": " + key + " must be a fixed port in application.properties, is " + value);
        }
        return Integer.parseInt(value.trim());
    }

    /**
     * Collects the environment variables a value reads through {@code ${NAME}} or {@code ${NAME:default}}; a
     * variable is required when it is read at the top level without a default. Lower-case names are property
     * references, not environment variables.
     */
    static void expressions(String value, Set<String> read, Set<String> required) {
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
                int start = i + 2;
                int end = start;
                while (end < value.length() && value.charAt(end) != ':' && value.charAt(end) != '}'
                        && value.charAt(end) != '$') {
                    end++;
                }
                String name = value.substring(start, end);
                boolean hasDefault = end < value.length() && value.charAt(end) == ':';
                if (ENV_NAME.matcher(name).matches()) {
                    read.add(name);
                    if (!hasDefault && depth == 0) {
                        required.add(name);
                    }
                }
                depth++;
                i = end - 1;
            } else if (c == '}' && depth > 0) {
                depth--;
            }
        }
    }

    /** The MicroProfile/SmallRye environment variable name of a property: non-alphanumerics to '_', upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * The Kafka client property a {@code KAFKA_*} variable sets, or null: Quarkus hands every {@code kafka.*}
     * property to the Kafka clients without the prefix, and reads a {@code KAFKA_*} variable's name in lower case with
     * {@code _} as {@code .} (KAFKA_SASL_JAAS_CONFIG is sasl.jaas.config); only a real client property counts.
     */
    static String kafkaClientProperty(String variable) {
        if (!variable.startsWith("KAFKA_")) {
            return null;
        }
        String property = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return KAFKA_CLIENT_PROPERTIES.contains(property) ? property : null;
    }

    /** Whether the service talks to Kafka through Quarkus's {@code kafka.*} configuration. */
    boolean usesKafka() {
        return properties.containsKey("kafka.bootstrap.servers");
    }

    private static Set<String> kafkaClientProperties() {
        Set<String> names = new TreeSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    Path dockerfile() {
        return dir.resolve("src/main/docker/Dockerfile.jvm");
    }

    String dockerfileText() {
        return Files.isRegularFile(dockerfile()) ? Repository.read(dockerfile()) : "";
    }

    /**
     * Why an environment variable given to this service has an effect, or null when it has none: read by an
     * expression in application.properties; the documented MicroProfile Config mapping of a property the service
     * defines (e.g. QUARKUS_MONGODB_DATABASE overrides quarkus.mongodb.database); a Kafka client setting of a service
     * that uses Kafka (KAFKA_SASL_JAAS_CONFIG is kafka.sasl.jaas.config, which every Kafka client of the service
     * takes); or used by the image's entrypoint.
     */
    String envReason(String variable) {
        if (envRead.contains(variable)) {
            return "read as ${" + variable + "} in application.properties";
        }
        for (String key : properties.keySet()) {
            if (envName(key).equals(variable)) {
                return "overrides " + key + " (MicroProfile Config environment mapping)";
            }
        }
        String kafka = kafkaClientProperty(variable);
        if (kafka != null && usesKafka()) {
            return "sets kafka." + kafka + ", a setting of every Kafka client of the service";
        }
        if (Pattern.compile("\\$\\{?" + Pattern.quote(variable) + "\\b").matcher(dockerfileText()).find()) {
            return "used by the image's entrypoint";
        }
        return null;
    }

    /**
     * Whether a property given to this service in a mounted configuration file has an effect: it is a property of
     * its application.properties, or it matches a property pattern its documentation names, such as
     * {@code funnel.lead.webhooks.generic.<source>.secret} (a map key of a config mapping).
     */
    boolean knowsProperty(String key) {
        if (properties.containsKey(key)) {
            return true;
        }
        return documentedPropertyPatterns().stream().anyMatch(p -> p.matcher(key).matches());
    }

    /** Property patterns with {@code <placeholder>} segments named in backticks in the module's Markdown files. */
    Set<Pattern> documentedPropertyPatterns() {
        Set<Pattern> patterns = new LinkedHashSet<>();
        Pattern code = Pattern.compile("`([a-z][a-z0-9.-]*<[a-z-]+>[a-z0-9.<>-]*)`");
        try (var files = Files.walk(dir)) {
            for (Path md : files.filter(f -> f.toString().endsWith(".md") && !f.toString().contains("/target/")).toList()) {
                Matcher m = code.matcher(Repository.read(md));
                while (m.find()) {
                    String regex = Pattern.quote(m.group(1)).replaceAll("<[a-z-]+>", "\\\\E[^.]+\\\\Q");
                    patterns.add(Pattern.compile(regex));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return patterns;
    }

    /**
     * Whether the service's README declares it must run as a single instance (state held in the process), which the
     * deployment must then respect.
     */
    boolean singleInstance() {
        Path readme = dir.resolve("README.md");
        return Files.isRegularFile(readme)
                && Pattern.compile("(?i)\\bsingle[- ]instance\\b").matcher(Repository.read(readme)).find();
    }

    /** Topics whose records this service reads or dead-letters. */
    Set<String> topics() {
        Set<String> all = new LinkedHashSet<>(consumedTopics);
        all.addAll(deadLetterTopics);
        return all;
    }

    /** Values of EXPOSE instructions in the Dockerfile. */
    Set<Integer> exposedPorts() {
        Set<Integer> ports = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*EXPOSE\\s+(.+)$").matcher(dockerfileText());
        while (m.find()) {
            for (String p : m.group(1).trim().split("\\s+")) {
                ports.add(Integer.parseInt(p.replaceAll("/.*", "")));
            }
        }
        return ports;
    }

    @Override
    public String toString() {
        return name;
    }
}
