package io.leadfunnel.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackTest {

    @Test
    void aTakenPortEndsWithOneLineAndExitCodeTwo(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LocalStack.HOST))) {
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    LocalStack.class.getName(),
                    "--data-dir", dataDir.toString(),
                    "--kafka-port", String.valueOf(taken.getLocalPort()),
                    "--mongo-port", String.valueOf(Ports.free(LocalStack.HOST))))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).isEqualTo(LocalStack.EXIT_PORT_IN_USE);
            assertThat(stderr.strip().lines()).singleElement().asString()
                    .contains("Kafka cannot listen on", String.valueOf(taken.getLocalPort()), "already in use");
        }
    }

    @Test
    void optionsDefaultToTheUsualPortsAndDotData() {
        LocalStack.Options options = LocalStack.Options.parse(new String[0]);

        assertThat(options.kafkaPort).isEqualTo(9092);
        assertThat(options.mongoPort).isEqualTo(27017);
        assertThat(options.dataDir).isEqualTo(Path.of(".data").toAbsolutePath().normalize());
    }

    @Test
    void onlyRunsOneEngineAndRefusesAnyOther() {
        assertThat(LocalStack.Options.parse(new String[] {"--only", "mongo"}).only).isEqualTo("mongo");
        assertThat(LocalStack.Options.parse(new String[0]).only).isNull();
        assertThatThrownBy(() -> LocalStack.Options.parse(new String[] {"--only", "redis"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--only");
    }

    @Test
    void kafkaSaslTakesAUserAndAPasswordTogether() {
        LocalStack.Options options = LocalStack.Options.parse(new String[] {
                "--kafka-sasl-user", "funnel", "--kafka-sasl-password", "secret"});

        assertThat(options.kafkaSaslUser).isEqualTo("funnel");
        assertThat(options.kafkaSaslPassword).isEqualTo("secret");
        assertThat(LocalStack.Options.parse(new String[0]).kafkaSaslUser).as("plaintext by default").isNull();
        assertThatThrownBy(() -> LocalStack.Options.parse(new String[] {"--kafka-sasl-user", "funnel"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka-sasl-password");
        assertThatThrownBy(() -> LocalStack.Options.parse(new String[] {
                "--kafka-sasl-user", "a,b", "--kafka-sasl-password", "secret"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user name");
    }

    @Test
    void aBadPortIsAUsageError() {
        assertThatThrownBy(() -> LocalStack.Options.parse(new String[] {"--kafka-port", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka-port");
    }

    @Test
    void theFunnelTopicsIncludeTheirDeadLetterTopics() throws IOException {
        assertThat(LocalStack.TOPICS).containsExactlyInAnyOrder(
                "lead.events", "lead.profiles", "lead.scores", "lead.lifecycle",
                "lead.events.dlq", "lead.profiles.dlq", "lead.scores.dlq", "lead.lifecycle.dlq");
    }
}
