package io.leadfunnel.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A {@link FeedReport} whose lines a test reads back, without their time of day. */
final class FeedLog {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final FeedReport report = new FeedReport(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> lines() {
        return Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> !line.isEmpty())
                .map(line -> line.substring(line.indexOf(' ') + 1))
                .toList();
    }
}
