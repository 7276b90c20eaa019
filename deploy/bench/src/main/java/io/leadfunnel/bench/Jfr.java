package io.leadfunnel.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Flight recordings of running services through {@code jcmd}, summarised into hot methods. */
public final class Jfr {

    private Jfr() {
    }

    /** Starts a profiling recording named {@code bench} in the process. */
    public static void start(long pid) {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile");
    }

    /** Stops the recording and writes it to {@code file}. */
    public static void stop(long pid, Path file) {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
    }

    private static void jcmd(long pid, String... args) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The hottest methods of a recording: by top frame (self time), and by the first frame in the project's own code
     * ({@code io.leadfunnel}) on the stack (where the project's code spends, including what it calls).
     */
    public static List<String> summary(Path file, int top) {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> own = new HashMap<>();
        Map<String, Long> blocked = new HashMap<>();
        int samples = 0;
        int collections = 0;
        java.time.Duration gcPauses = java.time.Duration.ZERO;
        RecordedEvent firstCompilerStatistics = null;
        RecordedEvent lastCompilerStatistics = null;
        double compilerLoad = 0;
        double threadLoad = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.CompilerStatistics")) {
                    firstCompilerStatistics = firstCompilerStatistics == null ? event : firstCompilerStatistics;
                    lastCompilerStatistics = event;
                    continue;
                }
                if (type.equals("jdk.ThreadCPULoad")) {
                    double load = event.getFloat("user") + event.getFloat("system");
                    threadLoad += load;
                    RecordedThread thread = event.getThread("eventThread");
                    String name = thread == null ? null
                            : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
                    if (name != null && name.contains("CompilerThread")) {
                        compilerLoad += load;
                    }
                    continue;
                }
                if (type.equals("jdk.GarbageCollection")) {
                    collections++;
                    gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
                    continue;
                }
                if (type.equals("jdk.JavaMonitorEnter")) {
                    blocked.merge(ownFrame(event.getStackTrace()), event.getDuration().toMillis(), Long::sum);
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
                for (RecordedFrame frame : stack.getFrames()) {
                    String name = name(frame);
                    if (name.startsWith("io.leadfunnel.")) {
                        own.merge(name, 1, Integer::sum);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return List.of("could not read " + file + ": " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        lines.add(samples + " execution samples");
        lines.add("top frames (self):");
        lines.addAll(ranked(self, samples, top));
        lines.add("innermost project frame (project code and what it calls):");
        lines.addAll(ranked(own, samples, top));
        lines.add(String.format("garbage collections: %d, pauses %d ms in all", collections, gcPauses.toMillis()));
        if (firstCompilerStatistics != null && lastCompilerStatistics != firstCompilerStatistics) {
            lines.add(String.format("JIT compilation: %d methods compiled, %.1f s in the compiler threads; the "
                            + "compiler threads used %.0f %% of the CPU the threads used (jdk.ThreadCPULoad)",
                    lastCompilerStatistics.getInt("compileCount") - firstCompilerStatistics.getInt("compileCount"),
                    (lastCompilerStatistics.getDuration("totalTimeSpent").toMillis()
                            - firstCompilerStatistics.getDuration("totalTimeSpent").toMillis()) / 1000.0,
                    threadLoad == 0 ? 0 : 100 * compilerLoad / threadLoad));
        }
        if (!blocked.isEmpty()) {
            lines.add("blocked on a monitor (ms in all, by innermost project frame; JFR records waits over 20 ms):");
            blocked.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .forEach(e -> lines.add(String.format("  %7d ms  %s", e.getValue(), e.getKey())));
        }
        return lines;
    }

    private static String ownFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        for (RecordedFrame frame : stack.getFrames()) {
            if (name(frame).startsWith("io.leadfunnel.")) {
                return name(frame);
            }
        }
        return name(stack.getFrames().get(0));
    }

    private static List<String> ranked(Map<String, Integer> counts, int samples, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .map(e -> String.format("  %5.1f%%  %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()))
                .toList();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
