package io.leadfunnel.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether a Docker engine answers. Testcontainers is asked only when there is a sign of one (DOCKER_HOST, a socket
 * file, a Testcontainers settings file), because on a machine without Docker it tries every strategy and logs each
 * failure; and it is asked with a time limit, so a hung socket cannot hang the tests.
 */
final class DockerProbe {

    private static final long TIMEOUT_SECONDS = 20;

    private DockerProbe() {
    }

    static boolean dockerAvailable() {
        if (!anySignOfDocker()) {
            return false;
        }
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                () -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception | LinkageError e) {
            answer.cancel(true);
            return false;
        }
    }

    private static boolean anySignOfDocker() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        List<Path> candidates = new java.util.ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".rd", "docker.sock"),
                Path.of(home, ".testcontainers.properties")));
        if (runtimeDir != null) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
            candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        return candidates.stream().anyMatch(Files::exists);
    }
}
