package io.leadfunnel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadfunnel.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.leadfunnel.deploy.DockerComposeTest.iterable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kustomize base under deploy/k8s/base and its overlays against the repository: referenced files, one
 * Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget per service, probes on the management port,
 * ports, resources, environment variables, referenced ConfigMaps and Secrets with their keys, and the Strimzi
 * KafkaTopic resources of every topic; and what each overlay adds to the services (settings, secrets, mounted files).
 */
class KubernetesTest {

    /** Services that also take outside traffic (webhooks, API): instances beyond the partition count still work. */
    private static final Set<String> SERVES_INGEST = Set.of("lead-service");

    /** Deployment annotation of a service that must run as one instance (its value says why). */
    private static final String SINGLE_INSTANCE = "leadfunnel.io/single-instance";

    private static Kustomization base;
    private static List<JsonNode> objects;
    private static Map<String, ServiceModule> modules;

    @BeforeAll
    static void load() {
        base = Kustomization.load(Repository.deploy().resolve("k8s/base"));
        objects = base.objects();
        modules = new LinkedHashMap<>();
        Repository.services().forEach(m -> modules.put(m.name(), m));
    }

    @Test
    void everyFileAKustomizationNamesExists() {
        List<Kustomization> all = Kustomization.all();
        assertThat(all).as("kustomizations").hasSizeGreaterThanOrEqualTo(2);
        List<String> problems = new ArrayList<>();
        for (Kustomization k : all) {
            String where = Repository.relative(k.dir().resolve("kustomization.yaml"));
            for (Path resource : k.resources()) {
                boolean ok = Files.isRegularFile(resource) || Files.isRegularFile(resource.resolve("kustomization.yaml"));
                if (!ok) {
                    problems.add(where + ": resource " + Repository.relative(resource) + " does not exist");
                }
            }
            for (Path patch : k.patches()) {
                if (!Files.isRegularFile(patch)) {
                    problems.add(where + ": patch " + Repository.relative(patch) + " does not exist");
                }
            }
            for (Path file : k.generatorFiles()) {
                if (!Repository.presentOrOperatorProvided(file)) {
                    problems.add(where + ": generator file " + Repository.relative(file) + " neither exists nor is an"
                            + " operator-provided file (git-ignored, with a committed .example)");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceHasADeploymentServiceDisruptionBudgetAndAnAutoscalerUnlessSingleInstance() {
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget")) {
            assertThat(names(kind)).as(kind + "s in the base").containsAll(modules.keySet());
        }
        assertThat(names("Deployment")).as("Deployments").containsExactlyInAnyOrderElementsOf(modules.keySet());
        Set<String> scalable = new TreeSet<>(modules.keySet());
        scalable.removeAll(singleInstance());
        assertThat(names("HorizontalPodAutoscaler")).as("autoscalers: one per service that may run several instances")
                .containsExactlyInAnyOrderElementsOf(scalable);
    }

    @Test
    void singleInstanceServicesRunExactlyOneInstanceAtATime() {
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules.values()) {
            JsonNode deployment = object("Deployment", module.name());
            boolean annotated = deployment.path("metadata").path("annotations").has(SINGLE_INSTANCE);
            if (module.singleInstance() != annotated) {
                problems.add(module + ": its README " + (module.singleInstance() ? "says" : "does not say")
                        + " single instance, its Deployment " + (annotated ? "has" : "lacks") + " " + SINGLE_INSTANCE);
            }
        }
        for (String name : singleInstance()) {
            JsonNode spec = object("Deployment", name).path("spec");
            if (spec.path("replicas").asInt(1) != 1) {
                problems.add(name + ": single instance but replicas " + spec.path("replicas").asInt());
            }
            if (!"Recreate".equals(spec.path("strategy").path("type").asText())) {
                problems.add(name + ": single instance needs strategy Recreate (a rolling update overlaps two)");
            }
            for (Kustomization k : Kustomization.all()) {
                for (Path patch : k.patches()) {
                    for (JsonNode doc : Repository.yamlDocuments(patch)) {
                        boolean same = doc.path("metadata").path("name").asText().equals(name);
                        if (same && "Deployment".equals(doc.path("kind").asText()) && doc.path("spec").path("replicas").asInt(1) != 1) {
                            problems.add(Repository.relative(patch) + ": sets replicas of single-instance " + name);
                        }
                        if (same && "HorizontalPodAutoscaler".equals(doc.path("kind").asText())) {
                            problems.add(Repository.relative(patch) + ": autoscales single-instance " + name);
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void probesAskHealthOnTheManagementPort() {
        List<String> problems = new ArrayList<>();
        forEachContainer((service, module, container) -> {
            Map<String, Integer> ports = containerPorts(container);
            check(problems, service, container, "readinessProbe", "/q/health/ready", module.managementPort(), ports);
            check(problems, service, container, "livenessProbe", "/q/health/live", module.managementPort(), ports);
            if (container.has("startupProbe")) {
                check(problems, service, container, "startupProbe", "/q/health/started", module.managementPort(), ports);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void portsMatchApplicationPropertiesAndServicesTargetThem() {
        List<String> problems = new ArrayList<>();
        forEachContainer((service, module, container) -> {
            Set<Integer> declared = new TreeSet<>(containerPorts(container).values());
            Set<Integer> expected = new TreeSet<>(Set.of(module.httpPort(), module.managementPort()));
            if (!declared.equals(expected)) {
                problems.add(service + ": container ports " + declared + " differ from application.properties " + expected);
            }
            JsonNode svc = object("Service", service);
            Map<String, Integer> named = containerPorts(container);
            Set<Integer> targets = new TreeSet<>();
            for (JsonNode port : iterable(svc.path("spec").path("ports"))) {
                JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
                Integer resolved = target.isInt() ? Integer.valueOf(target.asInt()) : named.get(target.asText());
                if (resolved == null || !expected.contains(resolved)) {
                    problems.add(service + ": Service port " + port.path("name").asText() + " targets " + target.asText()
                            + ", not a port of the container");
                }
                targets.add(resolved);
            }
            if (!targets.contains(module.httpPort())) {
                problems.add(service + ": Service does not expose the HTTP port " + module.httpPort());
            }
            JsonNode selector = svc.path("spec").path("selector");
            JsonNode labels = object("Deployment", service).path("spec").path("template").path("metadata").path("labels");
            selector.fields().forEachRemaining(e -> {
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    problems.add(service + ": Service selector " + e.getKey() + " does not match the pod labels");
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void containersRequestAndLimitCpuAndMemory() {
        List<String> problems = new ArrayList<>();
        forEachContainer((service, module, container) -> {
            for (String section : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.path("resources").path(section).path(resource).isMissingNode()) {
                        problems.add(service + ": no resources." + section + "." + resource);
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyConfigMapAndSecretADeploymentReferencesExistsWithTheKeys() {
        List<String> problems = new ArrayList<>();
        forEachContainer((service, module, container) -> {
            for (JsonNode env : iterable(container.path("env"))) {
                for (String ref : List.of("configMapKeyRef", "secretKeyRef")) {
                    JsonNode keyRef = env.path("valueFrom").path(ref);
                    if (!keyRef.isMissingNode()) {
                        String kind = ref.startsWith("configMap") ? "ConfigMap" : "Secret";
                        requireKey(problems, service, kind, keyRef.path("name").asText(), keyRef.path("key").asText());
                    }
                }
            }
            for (JsonNode from : iterable(container.path("envFrom"))) {
                for (String ref : List.of("configMapRef", "secretRef")) {
                    JsonNode r = from.path(ref);
                    if (!r.isMissingNode() && find(ref.startsWith("configMap") ? "ConfigMap" : "Secret", r.path("name").asText()) == null) {
                        problems.add(service + ": envFrom " + ref + " " + r.path("name").asText() + " does not exist");
                    }
                }
            }
        });
        for (String service : modules.keySet()) {
            JsonNode pod = object("Deployment", service).path("spec").path("template").path("spec");
            Set<String> volumes = new TreeSet<>();
            for (JsonNode volume : iterable(pod.path("volumes"))) {
                volumes.add(volume.path("name").asText());
                JsonNode cm = volume.path("configMap");
                JsonNode secret = volume.path("secret");
                if (!cm.isMissingNode()) {
                    String name = cm.path("name").asText();
                    requireObject(problems, service, "ConfigMap", name);
                    iterable(cm.path("items")).forEach(i -> requireKey(problems, service, "ConfigMap", name, i.path("key").asText()));
                }
                if (!secret.isMissingNode()) {
                    String name = secret.path("secretName").asText();
                    requireObject(problems, service, "Secret", name);
                    iterable(secret.path("items")).forEach(i -> requireKey(problems, service, "Secret", name, i.path("key").asText()));
                }
            }
            for (JsonNode container : iterable(pod.path("containers"))) {
                for (JsonNode mount : iterable(container.path("volumeMounts"))) {
                    if (!volumes.contains(mount.path("name").asText())) {
                        problems.add(service + ": mounts undeclared volume " + mount.path("name").asText());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEnvironmentVariableIsReadAndEveryRequiredOneIsProvided() {
        List<String> problems = new ArrayList<>();
        forEachContainer((service, module, container) -> {
            Set<String> given = environmentNames(container);
            for (String variable : given) {
                if (module.envReason(variable) == null) {
                    problems.add(service + ": " + variable + " is neither read by application.properties, nor the"
                            + " environment name of one of its properties, nor used by its Dockerfile");
                }
            }
            for (String required : module.envRequired()) {
                if (!given.contains(required)) {
                    problems.add(service + ": " + required + " has no default in application.properties and is not set");
                }
            }
            if (!given.contains("MONGODB_CONNECTION_STRING")
                    || !"Secret".equals(sourceKind(container, "MONGODB_CONNECTION_STRING"))) {
                problems.add(service + ": MONGODB_CONNECTION_STRING must come from a Secret");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFileLocationGivenToAServiceIsMountedWithThatKey() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        forEachContainer((service, module, container) -> {
            JsonNode pod = object("Deployment", service).path("spec").path("template").path("spec");
            environmentValues(container).forEach((variable, value) -> {
                if (!value.startsWith("file:")) {
                    return;
                }
                checked[0]++;
                String path = value.substring("file:".length());
                JsonNode mount = null;
                for (JsonNode m : iterable(container.path("volumeMounts"))) {
                    if (path.startsWith(m.path("mountPath").asText() + "/")) {
                        mount = m;
                    }
                }
                if (mount == null) {
                    problems.add(service + ": " + variable + " names " + path + ", which no volumeMount covers");
                    return;
                }
                String file = path.substring(mount.path("mountPath").asText().length() + 1);
                for (JsonNode volume : iterable(pod.path("volumes"))) {
                    if (!volume.path("name").asText().equals(mount.path("name").asText())) {
                        continue;
                    }
                    JsonNode source = volume.has("secret") ? volume.get("secret") : volume.get("configMap");
                    if (source == null) {
                        continue;
                    }
                    Set<String> files = new TreeSet<>();
                    iterable(source.path("items")).forEach(i -> files.add(i.path("path").asText()));
                    if (files.isEmpty()) {
                        JsonNode object = volume.has("secret") ? find("Secret", source.path("secretName").asText())
                                : find("ConfigMap", source.path("name").asText());
                        if (object != null) {
                            files.addAll(keys(object));
                        }
                    }
                    if (!files.contains(file)) {
                        problems.add(service + ": " + variable + " names " + path + ", but volume "
                                + volume.path("name").asText() + " holds " + files);
                    }
                }
            });
        });
        assertThat(checked[0]).as("file locations checked").isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void mountedConfigurationFilesSetOnlyPropertiesTheServiceKnows() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String service : modules.keySet()) {
            JsonNode pod = object("Deployment", service).path("spec").path("template").path("spec");
            for (JsonNode container : iterable(pod.path("containers"))) {
                for (JsonNode mount : iterable(container.path("volumeMounts"))) {
                    if (!mount.path("mountPath").asText().startsWith("/deployments/config")) {
                        continue;
                    }
                    for (JsonNode volume : iterable(pod.path("volumes"))) {
                        if (!volume.path("name").asText().equals(mount.path("name").asText())) {
                            continue;
                        }
                        JsonNode source = volume.has("secret") ? find("Secret", volume.path("secret").path("secretName").asText())
                                : find("ConfigMap", volume.path("configMap").path("name").asText());
                        String content = source == null ? null : source.path("stringData").path("application.properties")
                                .asText(source.path("data").path("application.properties").asText(null));
                        if (content == null) {
                            problems.add(service + ": " + mount.path("mountPath").asText() + " gets no application.properties");
                            continue;
                        }
                        for (String key : ConfigFiles.keys(content)) {
                            checked++;
                            if (!modules.get(service).knowsProperty(key)) {
                                problems.add(service + ": mounted configuration sets " + key
                                        + ", which the service neither defines nor documents");
                            }
                        }
                    }
                }
            }
        }
        for (Kustomization k : Kustomization.all()) {
            for (Path file : k.generatorFiles()) {
                Path example = file.resolveSibling(file.getFileName() + ".example");
                String name = file.getFileName().toString();
                if (name.endsWith(".properties") && Files.isRegularFile(example)) {
                    ServiceModule module = modules.values().stream().filter(m -> name.startsWith(m.name())).findFirst().orElse(null);
                    for (String key : ConfigFiles.keys(Repository.read(example))) {
                        checked++;
                        if (module == null || !module.knowsProperty(key)) {
                            problems.add(Repository.relative(example) + " sets " + key + ", which " + module
                                    + " neither defines nor documents");
                        }
                    }
                }
            }
        }
        assertThat(checked).as("properties checked in mounted configuration files").isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void autoscalersAndDisruptionBudgetsFitTheDeploymentsAndThePartitions() {
        Map<String, Integer> partitions = topicPartitions();
        Map<String, JsonNode> overlayHpas = new LinkedHashMap<>();
        for (Kustomization k : Kustomization.all()) {
            if (!k.dir().equals(base.dir())) {
                for (Path patch : k.patches()) {
                    for (JsonNode doc : Repository.yamlDocuments(patch)) {
                        if ("HorizontalPodAutoscaler".equals(doc.path("kind").asText())) {
                            overlayHpas.put(Repository.relative(patch) + ":" + doc.path("metadata").path("name").asText(), doc);
                        }
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode hpa : objectsOf("HorizontalPodAutoscaler")) {
            String name = hpa.path("metadata").path("name").asText();
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            if (find("Deployment", target) == null) {
                problems.add("HPA " + name + " scales unknown Deployment " + target);
                continue;
            }
            List<JsonNode> variants = new ArrayList<>(List.of(hpa));
            overlayHpas.forEach((k, v) -> {
                if (k.endsWith(":" + name)) {
                    variants.add(v);
                }
            });
            ServiceModule module = modules.get(target);
            for (JsonNode v : variants) {
                int min = v.path("spec").path("minReplicas").asInt(hpa.path("spec").path("minReplicas").asInt(1));
                int max = v.path("spec").path("maxReplicas").asInt(hpa.path("spec").path("maxReplicas").asInt());
                if (min < 2 || min > max) {
                    problems.add("HPA " + name + ": minReplicas " + min + " must be at least 2 (one may be disrupted)"
                            + " and at most maxReplicas " + max);
                }
                if (module != null && !SERVES_INGEST.contains(target)) {
                    // a service without ingest does its work as a consumer: of the topics it names, or of all
                    Set<String> consumed = module.consumedTopics().isEmpty() ? FunnelTopics.topics() : module.consumedTopics();
                    for (String topic : consumed) {
                        Integer p = partitions.get(topic);
                        if (p != null && max > p) {
                            problems.add("HPA " + name + ": maxReplicas " + max + " exceeds the " + p + " partitions of "
                                    + topic + "; the extra consumers would stay idle");
                        }
                    }
                }
            }
        }
        for (JsonNode pdb : objectsOf("PodDisruptionBudget")) {
            String name = pdb.path("metadata").path("name").asText();
            JsonNode deployment = find("Deployment", name);
            if (deployment == null) {
                problems.add("PDB " + name + " has no Deployment of that name");
                continue;
            }
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            pdb.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e -> {
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    problems.add("PDB " + name + " selector " + e.getKey() + " does not match the pod labels");
                }
            });
            if (pdb.path("spec").has("maxUnavailable")) {
                if (pdb.path("spec").path("maxUnavailable").asInt(0) < 1) {
                    problems.add("PDB " + name + ": maxUnavailable 0 would block every eviction");
                }
                continue;
            }
            int minAvailable = pdb.path("spec").path("minAvailable").asInt(0);
            JsonNode hpa = find("HorizontalPodAutoscaler", name);
            int floor = hpa == null ? deployment.path("spec").path("replicas").asInt(1) : hpa.path("spec").path("minReplicas").asInt(1);
            if (minAvailable >= floor) {
                problems.add("PDB " + name + ": minAvailable " + minAvailable + " would block every eviction at "
                        + floor + " replicas");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theTopicOfPersonalValuesIsCompactedAsTheContractSays() {
        JsonNode profiles = objectsOf("KafkaTopic").stream()
                .filter(t -> topicName(t).equals(Topics.LEAD_PROFILES)).findFirst().orElseThrow();
        JsonNode config = profiles.path("spec").path("config");
        Topics.LEAD_PROFILES_CONFIG.forEach((setting, value) ->
                assertThat(config.path(setting).asText()).as(setting).isEqualTo(value));
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsAKafkaTopicWithPartitionsAndReplication() {
        Map<String, Integer> partitions = topicPartitions();
        Set<String> needed = new TreeSet<>(FunnelTopics.topicsWithDeadLetters());
        modules.values().forEach(m -> needed.addAll(m.topics()));
        assertThat(needed).contains(Topics.LEAD_EVENTS, Topics.deadLetter(Topics.LEAD_EVENTS));
        assertThat(partitions.keySet()).as("KafkaTopic resources").containsAll(needed);
        List<String> problems = new ArrayList<>();
        for (JsonNode topic : objectsOf("KafkaTopic")) {
            String name = topicName(topic);
            JsonNode spec = topic.path("spec");
            int replicas = spec.path("replicas").asInt(0);
            int minIsr = spec.path("config").path("min.insync.replicas").asInt(1);
            if (spec.path("partitions").asInt(0) < 1) {
                problems.add(name + ": no partitions");
            }
            if (replicas < 3 || minIsr >= replicas || minIsr < 2) {
                problems.add(name + ": replicas " + replicas + " and min.insync.replicas " + minIsr
                        + " do not survive the loss of a broker with acks=all");
            }
            if (topic.path("metadata").path("labels").path("strimzi.io/cluster").isMissingNode()) {
                problems.add(name + ": no strimzi.io/cluster label, no Topic Operator would pick it up");
            }
        }
        for (String topic : FunnelTopics.topics()) {
            if (partitions.getOrDefault(topic, 0) < 2) {
                problems.add(topic + ": a single partition allows one consumer instance only");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySettingAnOverlayGivesAServiceIsReadAndEverySecretAndFileItNamesExists() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Kustomization k : Kustomization.all()) {
            if (k.dir().equals(base.dir())) {
                continue;
            }
            String where = Repository.relative(k.dir());
            List<JsonNode> all = k.objects();
            Map<String, Set<String>> secrets = secretKeys(all, k);
            Map<String, Map<String, String>> merged = mergedConfigMapLiterals(k);
            for (String service : modules.keySet()) {
                ServiceModule module = modules.get(service);
                JsonNode baseContainer = object("Deployment", service).path("spec").path("template").path("spec")
                        .path("containers").get(0);
                Map<String, String> values = new LinkedHashMap<>(environmentValues(baseContainer));
                for (JsonNode from : iterable(baseContainer.path("envFrom"))) {
                    String configMap = from.path("configMapRef").path("name").asText(null);
                    for (Map.Entry<String, String> literal : merged.getOrDefault(configMap, Map.of()).entrySet()) {
                        checked++;
                        values.put(literal.getKey(), literal.getValue());
                        if (module.envReason(literal.getKey()) == null) {
                            problems.add(where + ": " + literal.getKey() + " (ConfigMap " + configMap + ") is not read by "
                                    + service);
                        }
                    }
                }
                List<JsonNode> mounts = new ArrayList<>();
                iterable(baseContainer.path("volumeMounts")).forEach(mounts::add);
                Map<String, JsonNode> volumes = new LinkedHashMap<>();
                iterable(object("Deployment", service).path("spec").path("template").path("spec").path("volumes"))
                        .forEach(v -> volumes.put(v.path("name").asText(), v));
                for (JsonNode patch : deploymentPatches(k, service)) {
                    JsonNode pod = patch.path("spec").path("template").path("spec");
                    iterable(pod.path("volumes")).forEach(v -> volumes.put(v.path("name").asText(), v));
                    for (JsonNode container : iterable(pod.path("containers"))) {
                        if (!service.equals(container.path("name").asText())) {
                            problems.add(where + ": patch of " + service + " names container "
                                    + container.path("name").asText() + ", which the Deployment does not have");
                            continue;
                        }
                        iterable(container.path("volumeMounts")).forEach(mounts::add);
                        for (JsonNode env : iterable(container.path("env"))) {
                            checked++;
                            String variable = env.path("name").asText();
                            if (module.envReason(variable) == null) {
                                problems.add(where + ": " + variable + " given to " + service + " is not read by it");
                            }
                            if (env.has("value")) {
                                values.put(variable, env.path("value").asText());
                            }
                            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
                            if (!secretRef.isMissingNode()) {
                                requireSecretKey(problems, where + ": " + service, secrets,
                                        secretRef.path("name").asText(), secretRef.path("key").asText());
                            }
                            JsonNode configMapRef = env.path("valueFrom").path("configMapKeyRef");
                            if (!configMapRef.isMissingNode()) {
                                requireKey(problems, service, "ConfigMap", configMapRef.path("name").asText(),
                                        configMapRef.path("key").asText());
                            }
                        }
                    }
                }
                for (JsonNode volume : volumes.values()) {
                    JsonNode secret = volume.path("secret");
                    if (!secret.isMissingNode()) {
                        String name = secret.path("secretName").asText();
                        if (!secrets.containsKey(name)) {
                            problems.add(where + ": " + service + ": volume " + volume.path("name").asText()
                                    + " mounts Secret " + name + ", which neither exists nor is made by an operator");
                        }
                        iterable(secret.path("items")).forEach(i -> requireSecretKey(problems, where + ": " + service,
                                secrets, name, i.path("key").asText()));
                    }
                }
                for (JsonNode mount : mounts) {
                    if (!volumes.containsKey(mount.path("name").asText())) {
                        problems.add(where + ": " + service + " mounts undeclared volume " + mount.path("name").asText());
                    }
                }
                // Kafka settings that name a file (ssl.truststore.location, ...): a mounted volume must hold it
                for (Map.Entry<String, String> setting : values.entrySet()) {
                    String property = ServiceModule.kafkaClientProperty(setting.getKey());
                    if (property == null || !property.endsWith(".location") || setting.getValue().isBlank()) {
                        continue;
                    }
                    checked++;
                    String path = setting.getValue();
                    if (!mountedFile(path, mounts, volumes, secrets)) {
                        problems.add(where + ": " + service + ": " + setting.getKey() + " names " + path
                                + ", which no mounted volume holds");
                    }
                }
            }
            for (JsonNode user : all) {
                if ("KafkaUser".equals(user.path("kind").asText())) {
                    String cluster = user.path("metadata").path("labels").path("strimzi.io/cluster").asText(null);
                    Set<String> clusters = new TreeSet<>();
                    objectsOf("KafkaTopic").forEach(t -> clusters.add(
                            t.path("metadata").path("labels").path("strimzi.io/cluster").asText()));
                    if (cluster == null || !clusters.contains(cluster)) {
                        problems.add(where + ": KafkaUser " + user.path("metadata").path("name").asText()
                                + " is for cluster " + cluster + ", the topics live on " + clusters);
                    }
                }
            }
        }
        assertThat(checked).as("settings checked in the overlays").isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void overlaysPatchAndReplaceOnlyWhatTheBaseHas() {
        Set<String> baseObjects = new TreeSet<>();
        objects.forEach(o -> baseObjects.add(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()));
        Set<String> baseImages = new TreeSet<>();
        objectsOf("Deployment").forEach(d -> iterable(d.path("spec").path("template").path("spec").path("containers"))
                .forEach(c -> baseImages.add(c.path("image").asText().replaceAll(":[^/:]+$", ""))));
        List<String> problems = new ArrayList<>();
        for (Kustomization k : Kustomization.all()) {
            if (k.dir().equals(base.dir())) {
                continue;
            }
            String where = Repository.relative(k.dir());
            for (Path patch : k.patches()) {
                if (Files.isRegularFile(patch)) {
                    for (JsonNode doc : Repository.yamlDocuments(patch)) {
                        String id = doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
                        if (!baseObjects.contains(id)) {
                            problems.add(where + ": patch for " + id + ", which the base does not have");
                        }
                    }
                }
            }
            for (String generated : k.generated()) {
                if (!baseObjects.contains(generated)) {
                    problems.add(where + ": generator replaces " + generated + ", which the base does not have");
                }
            }
            Set<String> images = new TreeSet<>();
            iterable(k.spec().path("images")).forEach(i -> images.add(i.path("name").asText()));
            if (!images.isEmpty() && !images.equals(baseImages)) {
                problems.add(where + ": images " + images + " differ from the base's " + baseImages);
            }
        }
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The Secrets a service of the overlay can reference, with their keys: those of the base and the overlay's
     * resources, the overlay's generated ones, and those Strimzi's operators write: a KafkaUser's Secret (its name;
     * {@code password} and {@code sasl.jaas.config} for SCRAM-SHA-512, the certificate and key for TLS) and a cluster's
     * CA certificate ({@code <cluster>-cluster-ca-cert}: {@code ca.crt}, {@code ca.p12}, {@code ca.password}).
     */
    private static Map<String, Set<String>> secretKeys(List<JsonNode> all, Kustomization overlay) {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        for (JsonNode object : all) {
            String kind = object.path("kind").asText();
            String name = object.path("metadata").path("name").asText();
            if ("Secret".equals(kind)) {
                secrets.computeIfAbsent(name, n -> new TreeSet<>()).addAll(keys(object));
            }
            if ("KafkaUser".equals(kind)) {
                String type = object.path("spec").path("authentication").path("type").asText();
                secrets.computeIfAbsent(name, n -> new TreeSet<>()).addAll(type.startsWith("scram")
                        ? Set.of("password", "sasl.jaas.config")
                        : Set.of("ca.crt", "user.crt", "user.key", "user.p12", "user.password"));
            }
            String cluster = object.path("metadata").path("labels").path("strimzi.io/cluster").asText(null);
            if (cluster != null) {
                secrets.computeIfAbsent(cluster + "-cluster-ca-cert", n -> new TreeSet<>())
                        .addAll(Set.of("ca.crt", "ca.p12", "ca.password"));
            }
        }
        for (String generated : overlay.generated()) {
            if (generated.startsWith("Secret/")) {
                // replaces a base Secret (checked above to exist) with the keys of its operator-provided file
                secrets.computeIfAbsent(generated.substring("Secret/".length()), n -> new TreeSet<>());
            }
        }
        return secrets;
    }

    private static void requireSecretKey(List<String> problems, String where, Map<String, Set<String>> secrets,
                                         String name, String key) {
        if (!secrets.containsKey(name)) {
            problems.add(where + ": Secret " + name + " neither exists nor is made by an operator");
        } else if (!secrets.get(name).contains(key)) {
            problems.add(where + ": Secret " + name + " has no key " + key + " (has " + secrets.get(name) + ")");
        }
    }

    /** The literals an overlay's configMapGenerator adds to (merge) or puts in (replace) each ConfigMap. */
    private static Map<String, Map<String, String>> mergedConfigMapLiterals(Kustomization overlay) {
        Map<String, Map<String, String>> literals = new LinkedHashMap<>();
        for (JsonNode generator : iterable(overlay.spec().path("configMapGenerator"))) {
            Map<String, String> values = literals.computeIfAbsent(generator.path("name").asText(),
                    n -> new LinkedHashMap<>());
            for (JsonNode literal : iterable(generator.path("literals"))) {
                String[] kv = literal.asText().split("=", 2);
                values.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return literals;
    }

    /** The overlay's patches of one service's Deployment. */
    private static List<JsonNode> deploymentPatches(Kustomization overlay, String service) {
        List<JsonNode> patches = new ArrayList<>();
        for (Path patch : overlay.patches()) {
            if (Files.isRegularFile(patch)) {
                for (JsonNode doc : Repository.yamlDocuments(patch)) {
                    if ("Deployment".equals(doc.path("kind").asText())
                            && service.equals(doc.path("metadata").path("name").asText())) {
                        patches.add(doc);
                    }
                }
            }
        }
        return patches;
    }

    /** Whether a path lies in a mounted Secret or ConfigMap volume that holds that file. */
    private static boolean mountedFile(String path, List<JsonNode> mounts, Map<String, JsonNode> volumes,
                                       Map<String, Set<String>> secrets) {
        for (JsonNode mount : mounts) {
            String at = mount.path("mountPath").asText();
            if (!path.startsWith(at + "/")) {
                continue;
            }
            String file = path.substring(at.length() + 1);
            JsonNode volume = volumes.get(mount.path("name").asText());
            if (volume == null) {
                continue;
            }
            JsonNode source = volume.has("secret") ? volume.get("secret") : volume.get("configMap");
            if (source == null) {
                continue;
            }
            Set<String> files = new TreeSet<>();
            iterable(source.path("items")).forEach(i -> files.add(i.path("path").asText()));
            if (files.isEmpty()) {
                if (volume.has("secret")) {
                    files.addAll(secrets.getOrDefault(source.path("secretName").asText(), Set.of()));
                } else {
                    JsonNode configMap = find("ConfigMap", source.path("name").asText());
                    if (configMap != null) {
                        files.addAll(keys(configMap));
                    }
                }
            }
            if (files.contains(file)) {
                return true;
            }
        }
        return false;
    }

    interface ContainerCheck {
        void check(String service, ServiceModule module, JsonNode container);
    }

    private static void forEachContainer(ContainerCheck check) {
        for (JsonNode deployment : objectsOf("Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            ServiceModule module = modules.get(name);
            assertThat(module).as("service module for Deployment %s", name).isNotNull();
            JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
            assertThat(containers.size()).as("containers of %s", name).isEqualTo(1);
            check.check(name, module, containers.get(0));
        }
    }

    private static void check(List<String> problems, String service, JsonNode container, String probe, String path,
                              int managementPort, Map<String, Integer> ports) {
        JsonNode get = container.path(probe).path("httpGet");
        if (get.isMissingNode()) {
            problems.add(service + ": no " + probe + " with httpGet");
            return;
        }
        JsonNode port = get.path("port");
        Integer resolved = port.isInt() ? Integer.valueOf(port.asInt()) : ports.get(port.asText());
        if (!path.equals(get.path("path").asText()) || resolved == null || resolved != managementPort) {
            problems.add(service + ": " + probe + " asks " + get.path("path").asText() + " on port " + port.asText()
                    + "; expected " + path + " on the management port " + managementPort);
        }
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (JsonNode port : iterable(container.path("ports"))) {
            ports.put(port.path("name").asText(String.valueOf(port.path("containerPort").asInt())), port.path("containerPort").asInt());
        }
        return ports;
    }

    /** The environment variable names a container gets: env entries and every key of its envFrom sources. */
    private static Set<String> environmentNames(JsonNode container) {
        Set<String> names = new TreeSet<>();
        iterable(container.path("env")).forEach(e -> names.add(e.path("name").asText()));
        for (JsonNode from : iterable(container.path("envFrom"))) {
            String prefix = from.path("prefix").asText("");
            JsonNode cm = from.path("configMapRef");
            JsonNode secret = from.path("secretRef");
            JsonNode source = !cm.isMissingNode() ? find("ConfigMap", cm.path("name").asText())
                    : find("Secret", secret.path("name").asText());
            if (source != null) {
                keys(source).forEach(k -> names.add(prefix + k));
            }
        }
        return names;
    }

    /** The literal values a container's environment gets: env values and the data of envFrom ConfigMaps. */
    private static Map<String, String> environmentValues(JsonNode container) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode from : iterable(container.path("envFrom"))) {
            JsonNode cm = from.path("configMapRef");
            JsonNode source = cm.isMissingNode() ? null : find("ConfigMap", cm.path("name").asText());
            if (source != null) {
                String prefix = from.path("prefix").asText("");
                source.path("data").fields().forEachRemaining(e -> values.put(prefix + e.getKey(), e.getValue().asText()));
            }
        }
        iterable(container.path("env")).forEach(e -> {
            if (e.has("value")) {
                values.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return values;
    }

    private static String sourceKind(JsonNode container, String variable) {
        for (JsonNode e : iterable(container.path("env"))) {
            if (variable.equals(e.path("name").asText())) {
                return e.path("valueFrom").has("secretKeyRef") ? "Secret" : "value";
            }
        }
        for (JsonNode from : iterable(container.path("envFrom"))) {
            if (from.has("secretRef")) {
                JsonNode secret = find("Secret", from.path("secretRef").path("name").asText());
                if (secret != null && keys(secret).contains(variable)) {
                    return "Secret";
                }
            }
        }
        return "ConfigMap";
    }

    private static Set<String> keys(JsonNode configMapOrSecret) {
        Set<String> keys = new TreeSet<>();
        for (String field : List.of("data", "stringData", "binaryData")) {
            configMapOrSecret.path(field).fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    private static void requireObject(List<String> problems, String service, String kind, String name) {
        if (find(kind, name) == null) {
            problems.add(service + ": " + kind + " " + name + " does not exist");
        }
    }

    private static void requireKey(List<String> problems, String service, String kind, String name, String key) {
        JsonNode object = find(kind, name);
        if (object == null) {
            problems.add(service + ": " + kind + " " + name + " does not exist");
        } else if (!keys(object).contains(key)) {
            problems.add(service + ": " + kind + " " + name + " has no key " + key);
        }
    }

    private static Map<String, Integer> topicPartitions() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        objectsOf("KafkaTopic").forEach(t -> partitions.put(topicName(t), t.path("spec").path("partitions").asInt(0)));
        return partitions;
    }

    private static String topicName(JsonNode topic) {
        return topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
    }

    private static Set<String> singleInstance() {
        Set<String> names = new TreeSet<>();
        objectsOf("Deployment").forEach(d -> {
            if (d.path("metadata").path("annotations").has(SINGLE_INSTANCE)) {
                names.add(d.path("metadata").path("name").asText());
            }
        });
        return names;
    }

    private static List<JsonNode> objectsOf(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    private static Set<String> names(String kind) {
        Set<String> names = new TreeSet<>();
        objectsOf(kind).forEach(o -> names.add(o.path("metadata").path("name").asText()));
        return names;
    }

    private static JsonNode find(String kind, String name) {
        return objectsOf(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElse(null);
    }

    private static JsonNode object(String kind, String name) {
        JsonNode found = find(kind, name);
        assertThat(found).as("%s %s in the base", kind, name).isNotNull();
        return found;
    }
}
