package io.leadfunnel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository being checked: where it is, its service modules, and YAML reading. */
final class Repository {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private Repository() {
    }

    /** The repository root: set by the POM, or found upwards from the working directory. */
    static Path root() {
        String configured = System.getProperty("funnel.repository.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** The Quarkus services: the parent POM's modules that have a src/main/resources/application.properties. */
    static List<ServiceModule> services() {
        String pom = read(root().resolve("pom.xml"));
        List<ServiceModule> services = new ArrayList<>();
        Matcher m = MODULE.matcher(pom);
        while (m.find()) {
            Path dir = root().resolve(m.group(1).trim());
            if (Files.isRegularFile(dir.resolve("src/main/resources/application.properties"))) {
                services.add(ServiceModule.load(dir));
            }
        }
        return services;
    }

    static ServiceModule service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no service module " + name));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One YAML document. */
    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot parse " + root().relativize(file) + ": " + e.getMessage(), e);
        }
    }

    /** Every non-empty document of a (multi-document) YAML file. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(YAML.getFactory().createParser(file.toFile()))) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    documents.add(doc);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot parse " + root().relativize(file) + ": " + e.getMessage(), e);
        }
        return documents;
    }

    /** Every .yaml/.yml file under a directory. */
    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString();
    }

    /**
     * A file the operator provides and the repository must not hold (secrets): it is git-ignored in its directory and
     * a committed {@code <name>.example} next to it shows its form.
     */
    static boolean operatorProvided(Path file) {
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(dir.resolve(name + ".example")) || !Files.isRegularFile(dir.resolve(".gitignore"))) {
            return false;
        }
        boolean ignored = false;
        for (String line : read(dir.resolve(".gitignore")).split("\n")) {
            String rule = line.trim();
            if (rule.equals("*") || rule.equals(name)) {
                ignored = true;
            } else if (rule.equals("!" + name)) {
                ignored = false;
            }
        }
        return ignored;
    }

    /** A file a manifest refers to: present in the repository, or an operator-provided secret file. */
    static boolean presentOrOperatorProvided(Path file) {
        return Files.exists(file) || operatorProvided(file);
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
