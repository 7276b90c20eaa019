package io.leadfunnel.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The figures of one fuzz run, written as {@code target/fuzz-report/<endpoint>.json} under the module being tested,
 * where the reliability report collects them:
 * {@code {"endpoint": "...", "inputs": N, "status5xx": 0, "partialWrites": 0, "seed": S}}.
 */
public final class FuzzReport {

    /** Where the reports go, relative to the working directory of the test JVM (the module's folder under Maven). */
    public static final Path DIRECTORY = Path.of("target", "fuzz-report");

    private FuzzReport() {
    }

    /**
     * Records a finished fuzz run.
     *
     * @param endpoint      the endpoint family, e.g. {@code "POST /webhooks/hubspot"}
     * @param inputs        inputs sent
     * @param serverErrors  answers with a 5xx status
     * @param partialWrites refused inputs that nevertheless changed stored data
     * @param seed          the seed that reproduces the run
     * @return the file written
     */
    public static Path write(String endpoint, long inputs, long serverErrors, long partialWrites, long seed) {
        String json = String.format(Locale.ROOT,
                "{\"endpoint\": \"%s\", \"inputs\": %d, \"status5xx\": %d, \"partialWrites\": %d, \"seed\": %d}%n",
                endpoint.replace("\\", "\\\\").replace("\"", "\\\""), inputs, serverErrors, partialWrites, seed);
        Path file = DIRECTORY.resolve(slug(endpoint) + ".json");
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** {@code "POST /webhooks/{source}"} becomes {@code "post-webhooks-source"}. */
    static String slug(String endpoint) {
        String slug = endpoint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "endpoint" : slug;
    }
}
