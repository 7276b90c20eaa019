package io.leadfunnel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/docker-compose.yml against the repository: images or build contexts, ports, environment variables, mounted
 * files, start-up order, Kafka topics, MongoDB write concern, and the Prometheus and Grafana provisioning it mounts.
 */
class DockerComposeTest {

    private static Path composeFile;
    private static Path composeDir;
    private static Map<String, JsonNode> services;
    private static Map<String, ServiceModule> appServices;

    @BeforeAll
    static void load() {
        composeDir = Repository.deploy();
        composeFile = composeDir.resolve("docker-compose.yml");
        assertThat(composeFile).isRegularFile();
        JsonNode compose = Repository.yaml(composeFile);
        services = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        appServices = new LinkedHashMap<>();
        for (ServiceModule module : Repository.services()) {
            services.forEach((name, service) -> {
                Path context = buildContext(service);
                if (context != null && context.equals(module.dir().toAbsolutePath().normalize())) {
                    appServices.put(name, module);
                }
            });
        }
    }

    @Test
    void everyQuarkusServiceRunsFromItsOwnModule() {
        Set<String> modules = Repository.services().stream().map(ServiceModule::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(modules).as("service modules in the parent POM").isNotEmpty();
        assertThat(new TreeSet<>(appServices.values().stream().map(ServiceModule::name).toList()))
                .as("compose services built from a service module").isEqualTo(modules);
        appServices.forEach((name, module) -> assertThat(name).as("compose service built from %s", module).isEqualTo(module.name()));
    }

    @Test
    void everyServiceHasABuildWithADockerfileOrAPinnedImage() {
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            JsonNode build = service.get("build");
            if (build != null) {
                Path context = buildContext(service);
                String dockerfile = build.isObject() ? Repository.text(build.get("dockerfile")) : null;
                Path file = context.resolve(dockerfile == null ? "Dockerfile" : dockerfile);
                if (!Files.isDirectory(context)) {
                    problems.add(name + ": build context " + context + " does not exist");
                } else if (!Files.isRegularFile(file)) {
                    problems.add(name + ": Dockerfile " + Repository.relative(file) + " does not exist");
                }
            } else {
                String image = Repository.text(service.get("image"));
                if (image == null) {
                    problems.add(name + ": neither build nor image");
                } else if (!pinned(image)) {
                    problems.add(name + ": image " + image + " is not pinned to a version tag or digest");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void portsMatchApplicationProperties() {
        List<String> problems = new ArrayList<>();
        appServices.forEach((name, module) -> {
            Set<Integer> allowed = Set.of(module.httpPort(), module.managementPort());
            Set<Integer> published = new TreeSet<>();
            for (JsonNode port : iterable(services.get(name).path("ports"))) {
                published.add(containerPort(port));
            }
            if (!published.contains(module.httpPort())) {
                problems.add(name + ": HTTP port " + module.httpPort() + " (quarkus.http.port) is not published");
            }
            published.stream().filter(p -> !allowed.contains(p))
                    .forEach(p -> problems.add(name + ": publishes " + p + ", which the service does not listen on " + allowed));
            if (!module.exposedPorts().equals(new TreeSet<>(allowed))) {
                problems.add(name + ": Dockerfile EXPOSE " + module.exposedPorts() + " differs from application.properties " + allowed);
            }
            List<String> health = new ArrayList<>();
            iterable(services.get(name).path("healthcheck").path("test")).forEach(n -> health.add(n.asText()));
            String check = String.join(" ", health);
            if (!check.contains(String.valueOf(module.managementPort())) || !check.contains("/q/health/ready")) {
                problems.add(name + ": healthcheck '" + check + "' does not ask /q/health/ready on management port "
                        + module.managementPort());
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEnvironmentVariableGivenToAServiceIsReadByIt() {
        List<String> problems = new ArrayList<>();
        appServices.forEach((name, module) -> environment(services.get(name)).keySet().forEach(variable -> {
            if (module.envReason(variable) == null) {
                problems.add(name + ": " + variable + " is neither read by application.properties, nor the environment"
                        + " name of one of its properties, nor used by its Dockerfile");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableAServiceRequiresIsProvided() {
        List<String> problems = new ArrayList<>();
        appServices.forEach((name, module) -> {
            Map<String, String> env = environment(services.get(name));
            for (String required : module.envRequired()) {
                String value = env.get(required);
                if (value == null || value.isBlank()) {
                    problems.add(name + ": " + required + " has no default in application.properties and is not set");
                }
            }
        });
        assertThat(appServices.get("lead-service").envRequired()).as("lead-service required variables")
                .contains("JWT_PUBLIC_KEY_LOCATION");
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMountedOrReferencedFileExists() {
        List<String> problems = new ArrayList<>();
        JsonNode compose = Repository.yaml(composeFile);
        Set<String> namedVolumes = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        Set<String> secrets = new TreeSet<>();
        compose.path("secrets").fields().forEachRemaining(e -> {
            secrets.add(e.getKey());
            String file = Repository.text(e.getValue().get("file"));
            if (file != null && !Repository.presentOrOperatorProvided(composeDir.resolve(file).normalize())) {
                problems.add("secret " + e.getKey() + ": " + file + " neither exists nor is an operator-provided file"
                        + " (git-ignored, with a committed .example)");
            }
        });
        services.forEach((name, service) -> {
            for (JsonNode volume : iterable(service.path("volumes"))) {
                String source;
                if (volume.isTextual()) {
                    String[] parts = volume.asText().split(":");
                    source = parts.length > 1 ? parts[0] : null;
                } else {
                    source = Repository.text(volume.get("source"));
                }
                if (source == null) {
                    continue;
                }
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path path = composeDir.resolve(source).normalize();
                    if (!Repository.presentOrOperatorProvided(path)) {
                        problems.add(name + ": mounted " + source + " does not exist");
                    }
                } else if (!namedVolumes.contains(source)) {
                    problems.add(name + ": named volume " + source + " is not declared under volumes");
                }
            }
            for (JsonNode secret : iterable(service.path("secrets"))) {
                String ref = secret.isTextual() ? secret.asText() : Repository.text(secret.get("source"));
                if (!secrets.contains(ref)) {
                    problems.add(name + ": secret " + ref + " is not declared under secrets");
                }
            }
            for (JsonNode envFile : iterable(service.path("env_file"))) {
                String file = envFile.isTextual() ? envFile.asText() : Repository.text(envFile.get("path"));
                if (!Repository.presentOrOperatorProvided(composeDir.resolve(file).normalize())) {
                    problems.add(name + ": env_file " + file + " does not exist");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFileLocationGivenToAServiceIsMountedIntoIt() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String name : appServices.keySet()) {
            JsonNode service = services.get(name);
            Set<String> mounted = new TreeSet<>();
            for (JsonNode secret : iterable(service.path("secrets"))) {
                String target = secret.isTextual() ? secret.asText() : secret.path("target").asText(secret.path("source").asText());
                mounted.add(target.startsWith("/") ? target : "/run/secrets/" + target);
            }
            for (JsonNode volume : iterable(service.path("volumes"))) {
                String[] parts = volume.asText().split(":");
                if (parts.length >= 2) {
                    mounted.add(parts[1]);
                }
            }
            for (Map.Entry<String, String> env : environment(service).entrySet()) {
                if (env.getValue().startsWith("file:")) {
                    checked++;
                    String path = env.getValue().substring("file:".length());
                    if (mounted.stream().noneMatch(m -> path.equals(m) || path.startsWith(m + "/"))) {
                        problems.add(name + ": " + env.getKey() + " names " + path + ", which nothing mounts " + mounted);
                    }
                }
            }
        }
        assertThat(checked).as("file locations checked").isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void mountedConfigurationFilesSetOnlyPropertiesTheServiceKnows() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, ServiceModule> e : appServices.entrySet()) {
            for (JsonNode volume : iterable(services.get(e.getKey()).path("volumes"))) {
                String[] parts = volume.asText().split(":");
                if (parts.length < 2 || !parts[1].startsWith("/deployments/config/")) {
                    continue;
                }
                Path source = composeDir.resolve(parts[0]).normalize();
                Path file = Files.isRegularFile(source) ? source : source.resolveSibling(source.getFileName() + ".example");
                for (String key : ConfigFiles.keys(Repository.read(file))) {
                    checked++;
                    if (!e.getValue().knowsProperty(key)) {
                        problems.add(e.getKey() + ": " + Repository.relative(file) + " sets " + key
                                + ", which the service neither defines nor documents");
                    }
                }
            }
        }
        assertThat(checked).as("properties checked in mounted configuration files").isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void servicesStartAfterTheEnginesTheyNeed() {
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            JsonNode dependsOn = service.path("depends_on");
            List<String> targets = new ArrayList<>();
            if (dependsOn.isArray()) {
                dependsOn.forEach(d -> targets.add(d.asText()));
            } else {
                dependsOn.fields().forEachRemaining(e -> {
                    targets.add(e.getKey());
                    String condition = e.getValue().path("condition").asText("service_started");
                    JsonNode target = services.get(e.getKey());
                    if (target != null && condition.equals("service_healthy") && target.get("healthcheck") == null) {
                        problems.add(name + ": waits for " + e.getKey() + " to be healthy, which has no healthcheck");
                    }
                    if (target != null && condition.equals("service_completed_successfully")
                            && !"no".equals(target.path("restart").asText("no"))) {
                        problems.add(name + ": waits for one-shot " + e.getKey() + " to complete, which restarts");
                    }
                });
            }
            targets.stream().filter(t -> !services.containsKey(t))
                    .forEach(t -> problems.add(name + ": depends on unknown service " + t));
        });
        appServices.keySet().forEach(name -> {
            Set<String> deps = new TreeSet<>();
            services.get(name).path("depends_on").fieldNames().forEachRemaining(deps::add);
            if (deps.stream().noneMatch(d -> image(d).startsWith("apache/kafka"))) {
                problems.add(name + ": does not wait for Kafka (or its topic set-up)");
            }
            if (deps.stream().noneMatch(d -> image(d).startsWith("mongo:"))) {
                problems.add(name + ": does not wait for MongoDB (or its replica-set set-up)");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void kafkaTopicSetUpCreatesEveryTopicAndItsDeadLetterTopic() {
        List<String> inits = services.entrySet().stream()
                .filter(e -> image(e.getKey()).startsWith("apache/kafka") && "no".equals(e.getValue().path("restart").asText()))
                .map(Map.Entry::getKey).toList();
        assertThat(inits).as("one-shot topic set-up services").hasSize(1);
        JsonNode init = services.get(inits.get(0));
        StringBuilder scripts = new StringBuilder();
        for (JsonNode volume : iterable(init.path("volumes"))) {
            Path source = composeDir.resolve(volume.asText().split(":")[0]).normalize();
            if (Files.isRegularFile(source)) {
                scripts.append(Repository.read(source));
            }
        }
        String script = scripts.toString();
        Set<String> needed = new TreeSet<>(FunnelTopics.topics());
        Repository.services().forEach(s -> s.consumedTopics().forEach(needed::add));
        for (String topic : needed) {
            assertThat(script).as("topic set-up script creates %s", topic).contains(topic);
        }
        assertThat(script).as("creates the dead-letter topic of each").contains("$topic.dlq").contains("--partitions");
        assertThat(script).as("auto-creation is off, so every topic must be created here").contains("--create");
        JsonNode kafka = services.entrySet().stream().filter(e -> image(e.getKey()).startsWith("apache/kafka")
                && e.getValue().get("healthcheck") != null).findFirst().orElseThrow().getValue();
        assertThat(environment(kafka)).as("Kafka runs in KRaft mode").containsKey("KAFKA_PROCESS_ROLES")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    @Test
    void servicesWriteToTheReplicaSetWithMajorityWriteConcern() {
        List<String> problems = new ArrayList<>();
        appServices.forEach((name, module) -> {
            String connection = environment(services.get(name)).get("MONGODB_CONNECTION_STRING");
            if (connection == null || !connection.contains("replicaSet=") || !connection.contains("w=majority")) {
                problems.add(name + ": MONGODB_CONNECTION_STRING " + connection + " is not a replica set with w=majority");
            }
        });
        long members = services.values().stream().filter(s -> s.path("image").asText().startsWith("mongo:")
                && s.path("command").toString().contains("--replSet")).count();
        assertThat(members).as("MongoDB replica-set members").isGreaterThanOrEqualTo(1);
        assertThat(problems).isEmpty();
    }

    @Test
    void prometheusScrapesEveryManagementPort() {
        String prometheus = serviceWithImage("prom/prometheus");
        Path config = mountSource(prometheus, "/etc/prometheus/prometheus.yml");
        assertThat(config).as("Prometheus configuration mounted").isNotNull().isRegularFile();
        JsonNode scrape = Repository.yaml(config).path("scrape_configs");
        List<String> problems = new ArrayList<>();
        appServices.forEach((name, module) -> {
            String target = name + ":" + module.managementPort();
            boolean found = false;
            for (JsonNode job : iterable(scrape)) {
                for (JsonNode sc : iterable(job.path("static_configs"))) {
                    for (JsonNode t : iterable(sc.path("targets"))) {
                        if (t.asText().equals(target) && "/q/metrics".equals(job.path("metrics_path").asText())) {
                            found = true;
                        }
                    }
                }
            }
            if (!found) {
                problems.add("no scrape job with metrics_path /q/metrics and target " + target);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void grafanaProvisionsThePrometheusDataSourceAndTheDashboardsFolder() {
        String grafana = serviceWithImage("grafana/grafana");
        Path provisioning = mountSource(grafana, "/etc/grafana/provisioning");
        assertThat(provisioning).as("Grafana provisioning mounted").isNotNull().isDirectory();

        String prometheus = serviceWithImage("prom/prometheus");
        List<JsonNode> datasources = new ArrayList<>();
        Repository.yamlFiles(provisioning.resolve("datasources")).forEach(f -> iterable(Repository.yaml(f).path("datasources")).forEach(datasources::add));
        assertThat(datasources).as("Prometheus data source")
                .anySatisfy(ds -> {
                    assertThat(ds.path("type").asText()).isEqualTo("prometheus");
                    assertThat(ds.path("url").asText()).isEqualTo("http://" + prometheus + ":9090");
                });

        List<JsonNode> providers = new ArrayList<>();
        Repository.yamlFiles(provisioning.resolve("dashboards")).forEach(f -> iterable(Repository.yaml(f).path("providers")).forEach(providers::add));
        assertThat(providers).as("dashboard providers").isNotEmpty();
        for (JsonNode provider : providers) {
            String path = provider.path("options").path("path").asText();
            Path source = mountSource(grafana, path);
            assertThat(source).as("dashboard folder %s mounted into Grafana", path).isNotNull();
            assertThat(source).as("dashboard folder in the repository").isDirectory();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Path buildContext(JsonNode service) {
        JsonNode build = service.get("build");
        if (build == null) {
            return null;
        }
        String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
        return composeDir.resolve(context).toAbsolutePath().normalize();
    }

    private static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') && !image.endsWith(":latest") && !image.contains("${");
    }

    private static int containerPort(JsonNode port) {
        if (port.isObject()) {
            return port.path("target").asInt();
        }
        String[] parts = port.asText().split(":");
        return Integer.parseInt(parts[parts.length - 1].replaceAll("/.*", ""));
    }

    /** A service's environment as a map (both compose forms: map and list of NAME=value). */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isArray()) {
            environment.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    private static String image(String service) {
        JsonNode s = services.get(service);
        return s == null ? "" : s.path("image").asText("");
    }

    private static String serviceWithImage(String prefix) {
        return services.keySet().stream().filter(n -> image(n).startsWith(prefix + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no service runs " + prefix));
    }

    /** The repository path bind-mounted at a container path of a service, or null. */
    private static Path mountSource(String service, String target) {
        for (JsonNode volume : iterable(services.get(service).path("volumes"))) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target) && parts[0].startsWith(".")) {
                return composeDir.resolve(parts[0]).normalize();
            }
        }
        return null;
    }

    static Iterable<JsonNode> iterable(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            return List.of(node);
        }
        return () -> {
            Iterator<JsonNode> it = node.elements();
            return it;
        };
    }
}
