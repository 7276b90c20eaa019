package io.leadfunnel.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production deployment never trusts the development key pair (its private half is in the repository) and
 * commits no real secret: the files holding secrets are operator-provided (git-ignored, with a committed example).
 */
class SecretsTest {

    private static final Path DEV_PUBLIC_KEY = Repository.root()
            .resolve("funnel-testing/src/main/resources/io/leadfunnel/testing/jwt/dev-public-key.pem");

    /** Where the production deployment lives under deploy/ (the local run and its tests use the dev key on purpose). */
    private static final List<String> PRODUCTION = List.of("docker-compose.yml", ".env.example", "secrets", "kafka",
            "mongo", "prometheus", "grafana", "k8s");

    /** What the production deployment is made of, and the services' Dockerfiles. */
    private static List<Path> deploymentFiles() {
        Path deploy = Repository.deploy();
        try (Stream<Path> files = Files.walk(deploy)) {
            List<Path> all = new java.util.ArrayList<>(files.filter(Files::isRegularFile)
                    .filter(f -> PRODUCTION.contains(deploy.relativize(f).getName(0).toString()))
                    .toList());
            Repository.services().forEach(s -> all.add(s.dockerfile()));
            return all.stream().filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noDeploymentFileHoldsOrPointsAtTheDevelopmentKey() throws IOException {
        String devKey = body(Files.readString(DEV_PUBLIC_KEY));
        assertThat(devKey).as("development key body").hasSizeGreaterThan(100);
        List<String> problems = new ArrayList<>();
        for (Path file : deploymentFiles()) {
            String text;
            try {
                text = Files.readString(file);
            } catch (MalformedInputException binary) {
                continue;
            }
            if (body(text).contains(devKey)) {
                problems.add(Repository.relative(file) + " holds the development public key");
            }
            if (text.contains("dev-public-key") || text.contains("funnel-testing/src/main/resources")) {
                if (!file.getFileName().toString().endsWith(".md")) {
                    problems.add(Repository.relative(file) + " points at the development key");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void operatorProvidedSecretFilesAreIgnoredAndHaveAnExample() {
        Path secrets = Repository.deploy().resolve("secrets");
        assertThat(Repository.operatorProvided(secrets.resolve("jwt-public-key.pem"))).isTrue();
        assertThat(Repository.operatorProvided(secrets.resolve("lead-service-webhooks.properties"))).isTrue();
        assertThat(Repository.operatorProvided(secrets.resolve("init")))
                .as("a committed file is not operator-provided").isFalse();
        assertThat(secrets.resolve("init")).as("committed set-up script").isRegularFile();
        assertThat(secrets.resolve("token")).as("committed trial token script").isRegularFile();
    }

    private static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
