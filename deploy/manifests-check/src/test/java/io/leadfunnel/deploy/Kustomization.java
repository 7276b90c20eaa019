package io.leadfunnel.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One kustomization.yaml: the files it names, and the objects its resources hold (followed recursively). */
record Kustomization(Path dir, JsonNode spec) {

    static Kustomization load(Path dir) {
        return new Kustomization(dir, Repository.yaml(dir.resolve("kustomization.yaml")));
    }

    static List<Kustomization> all() {
        List<Kustomization> all = new ArrayList<>();
        for (Path file : Repository.yamlFiles(Repository.deploy().resolve("k8s"))) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                all.add(load(file.getParent()));
            }
        }
        return all;
    }

    List<Path> resources() {
        return paths("resources");
    }

    List<Path> patches() {
        List<Path> files = new ArrayList<>();
        for (JsonNode patch : DockerComposeTest.iterable(spec.path("patches"))) {
            String path = patch.isTextual() ? patch.asText() : Repository.text(patch.get("path"));
            if (path != null) {
                files.add(dir.resolve(path).normalize());
            }
        }
        files.addAll(paths("patchesStrategicMerge"));
        return files;
    }

    /** The files of configMapGenerator and secretGenerator entries (files: [key=]path, envs: path). */
    List<Path> generatorFiles() {
        List<Path> files = new ArrayList<>();
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            for (JsonNode entry : DockerComposeTest.iterable(spec.path(generator))) {
                for (String field : List.of("files", "envs")) {
                    for (JsonNode file : DockerComposeTest.iterable(entry.path(field))) {
                        String path = file.asText();
                        files.add(dir.resolve(path.contains("=") ? path.substring(path.indexOf('=') + 1) : path).normalize());
                    }
                }
                String env = Repository.text(entry.get("env"));
                if (env != null) {
                    files.add(dir.resolve(env).normalize());
                }
            }
        }
        return files;
    }

    /** The names of the ConfigMaps and Secrets the generators make or replace, as kind/name. */
    List<String> generated() {
        List<String> names = new ArrayList<>();
        DockerComposeTest.iterable(spec.path("configMapGenerator")).forEach(e -> names.add("ConfigMap/" + e.path("name").asText()));
        DockerComposeTest.iterable(spec.path("secretGenerator")).forEach(e -> names.add("Secret/" + e.path("name").asText()));
        return names;
    }

    private List<Path> paths(String field) {
        List<Path> paths = new ArrayList<>();
        for (JsonNode entry : DockerComposeTest.iterable(spec.path(field))) {
            paths.add(dir.resolve(entry.asText()).normalize());
        }
        return paths;
    }

    /** Every object of this kustomization's resources, following directories that are kustomizations themselves. */
    List<JsonNode> objects() {
        List<JsonNode> objects = new ArrayList<>();
        for (Path resource : resources()) {
            if (Files.isDirectory(resource) && Files.isRegularFile(resource.resolve("kustomization.yaml"))) {
                objects.addAll(load(resource).objects());
            } else if (Files.isRegularFile(resource)) {
                objects.addAll(Repository.yamlDocuments(resource));
            }
        }
        return objects;
    }
}
