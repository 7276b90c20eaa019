package io.leadfunnel.bench;

import io.leadfunnel.testing.ProcessStat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about the machine and its processes, read from /proc (Linux). */
public final class Machine {

    /** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on (USER_HZ). */
    static final double TICKS_PER_SECOND = 100;

    private Machine() {
    }

    public static Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("host", hostName());
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("cpu", cpuModel());
        facts.put("memory", memTotal());
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("load average at start (1/5/15 min)", loadAverage());
        facts.put("shared", "the machine is shared by several people building at the same time; the load average "
                + "before and after each part is recorded under Parts");
        return facts;
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code 1.20 0.80 0.55}. */
    public static String loadAverage() {
        String line = read(Path.of("/proc/loadavg"));
        String[] parts = line.trim().split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "n/a";
    }

    /** Resident set size of a process in MiB (VmRSS), NaN when unreadable. */
    public static double rssMiB(long pid) {
        for (String line : read(Path.of("/proc/" + pid + "/status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.trim().split("\\s+");
                return Long.parseLong(parts[1]) / 1024d;
            }
        }
        return Double.NaN;
    }

    /** CPU seconds (user + system) a process used so far, NaN when unreadable. */
    public static double cpuSeconds(long pid) {
        String[] fromState = ProcessStat.fieldsFromState(pid);
        return fromState.length == 0 ? Double.NaN : cpuSecondsFromFields(fromState);
    }

    /** The whole machine's CPU time so far (/proc/stat), every process and the kernel's. */
    public static CpuTimes machineCpu() {
        return CpuTimes.parse(read(Path.of("/proc/stat")).lines().findFirst().orElse(""));
    }

    /** CPU seconds this benchmark's own process used so far. */
    public static double ownCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /**
     * CPU time of all the machine's cores, in seconds: busy (user, nice, system, irq, softirq), idle (idle and waiting
     * for I/O), and stolen (time the hypervisor ran something else while this machine wanted the core).
     */
    public record CpuTimes(double busy, double idle, double steal) {

        /** From the first line of /proc/stat ({@code cpu user nice system idle iowait irq softirq steal ...}). */
        static CpuTimes parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                return new CpuTimes(Double.NaN, Double.NaN, Double.NaN);
            }
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new CpuTimes(busy / TICKS_PER_SECOND, idle / TICKS_PER_SECOND,
                    Long.parseLong(f[8]) / TICKS_PER_SECOND);
        }

        /** The time spent since {@code earlier}. */
        CpuTimes since(CpuTimes earlier) {
            return new CpuTimes(busy - earlier.busy, idle - earlier.idle, steal - earlier.steal);
        }

        /** The share of all the cores' time that was busy, in percent. */
        double busyPercent() {
            return 100 * busy / (busy + idle + steal);
        }

        /** The share of all the cores' time that was stolen, in percent. */
        double stealPercent() {
            return 100 * steal / (busy + idle + steal);
        }
    }

    /** utime + stime (fields 14 and 15) from the fields of /proc/pid/stat that follow the command name. */
    static double cpuSecondsFromFields(String[] afterCommand) {
        long utime = Long.parseLong(afterCommand[11]);
        long stime = Long.parseLong(afterCommand[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    private static String hostName() {
        String name = read(Path.of("/proc/sys/kernel/hostname")).trim();
        return name.isEmpty() ? "n/a" : name;
    }

    private static String cpuModel() {
        for (String line : read(Path.of("/proc/cpuinfo")).split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "n/a";
    }

    private static String memTotal() {
        for (String line : read(Path.of("/proc/meminfo")).split("\n")) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.trim().split("\\s+")[1]);
                return Report.number(kib / 1024d / 1024d) + " GiB";
            }
        }
        return "n/a";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Peak resident memory and CPU use of a set of processes, sampled in the background. */
    public static final class Sampler implements AutoCloseable {
        private final Map<String, Long> pids;
        private final Map<String, Double> peakRss = new LinkedHashMap<>();
        private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        public Sampler(Map<String, Long> pids) {
            this.pids = new LinkedHashMap<>(pids);
            pids.forEach((name, pid) -> {
                cpuAtStart.put(name, cpuSeconds(pid));
                peakRss.put(name, rssMiB(pid));
            });
            thread = new Thread(this::run, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void sample() {
            pids.forEach((name, pid) -> peakRss.merge(name, rssMiB(pid), (a, b) -> Double.isNaN(b) ? a : Math.max(a, b)));
        }

        /** Peak RSS per process in MiB since the start. */
        public synchronized Map<String, Double> peakRss() {
            sample();
            return new LinkedHashMap<>(peakRss);
        }

        /** CPU seconds per process since the start. */
        public Map<String, Double> cpuSince() {
            Map<String, Double> used = new LinkedHashMap<>();
            pids.forEach((name, pid) -> used.put(name, cpuSeconds(pid) - cpuAtStart.get(name)));
            return used;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    /** The names of the processes, in a stable order. */
    public static List<String> names(Map<String, Long> pids) {
        return List.copyOf(pids.keySet());
    }
}
