package io.leadfunnel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's {@code /proc/<pid>/stat} (Linux), read by the end-to-end tests and the benchmark. The command name, the
 * second field, is in parentheses and may hold spaces, so the fields are counted from after its closing parenthesis.
 */
public final class ProcessStat {

    private ProcessStat() {
    }

    /**
     * The fields from the third (the process state) on: index {@code i} is field {@code i + 3}. Empty when the file
     * cannot be read (no /proc, or the process ended).
     */
    public static String[] fieldsFromState(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
        int close = stat.lastIndexOf(')');
        return close < 0 ? new String[0] : stat.substring(close + 2).trim().split("\\s+");
    }

    /**
     * The process's niceness, field 19.
     *
     * @throws IllegalStateException when it cannot be read
     */
    public static int niceness(long pid) {
        String[] fields = fieldsFromState(pid);
        if (fields.length < 19 - 3 + 1) {
            throw new IllegalStateException("no /proc/" + pid + "/stat to read the niceness from");
        }
        return Integer.parseInt(fields[19 - 3]);
    }
}
