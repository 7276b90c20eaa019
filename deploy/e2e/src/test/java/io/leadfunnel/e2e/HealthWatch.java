package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Asks every service for its liveness and readiness (management port) every two seconds until closed, so that a
 * case can tell whether liveness stayed UP all along and what readiness said in a window of time. Each service's
 * liveness and readiness are asked on a thread of their own, so a slow answer delays no other.
 */
final class HealthWatch implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long EVERY_MILLIS = 2_000;

    private enum Kind { LIVENESS, READINESS }

    /** One answer, asked {@code at} and {@code answered} (both {@link System#nanoTime()}); status -1 for none. */
    private record Sample(long at, long answered, Service service, Kind kind, Probe.Answer answer) {
    }

    private final FunnelProcesses funnel;
    private final List<Sample> samples = new ArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private HealthWatch(FunnelProcesses funnel) {
        this.funnel = funnel;
    }

    static HealthWatch start(FunnelProcesses funnel) {
        HealthWatch watch = new HealthWatch(funnel);
        for (Service service : Service.values()) {
            for (Kind kind : Kind.values()) {
                Thread thread = new Thread(() -> watch.watch(service, kind),
                        kind.name().toLowerCase() + " " + service.module());
                thread.setDaemon(true);
                watch.threads.add(thread);
            }
        }
        watch.threads.forEach(Thread::start);
        return watch;
    }

    private void watch(Service service, Kind kind) {
        String path = kind == Kind.LIVENESS ? "/q/health/live" : "/q/health/ready";
        while (watching.get()) {
            long asked = System.nanoTime();
            Probe.Answer answer = Probe.get(funnel.managementUrl(service) + path, null, TIMEOUT);
            synchronized (samples) {
                samples.add(new Sample(asked, System.nanoTime(), service, kind, answer));
            }
            long pause = EVERY_MILLIS - (System.nanoTime() - asked) / 1_000_000;
            try {
                Thread.sleep(Math.max(pause, 0));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        watching.set(false);
        threads.forEach(Thread::interrupt);
        threads.forEach(FaultCheck::join);
    }

    /** Per service: what liveness answered all along, e.g. {@code "150 × 200"}. */
    Map<String, String> liveness() {
        return counts(s -> s.kind() == Kind.LIVENESS);
    }

    /** Per service: what readiness answered in the window (asked and answered in it), e.g. {@code "140 × 503"}. */
    Map<String, String> readinessBetween(long from, long to) {
        return counts(s -> s.kind() == Kind.READINESS && s.at() >= from && s.answered() <= to);
    }

    /** Each liveness answer other than UP, with when it came and its body (the first five per service). */
    List<String> livenessNotUp(long since) {
        List<String> notUp = new ArrayList<>();
        synchronized (samples) {
            for (Service service : Service.values()) {
                samples.stream().filter(s -> s.service() == service && s.kind() == Kind.LIVENESS
                        && s.answer().status() != 200).limit(5).forEach(s -> notUp.add(service.module()
                        + " liveness " + s.answer() + " " + (s.at() - since) / 1_000_000_000 + " s into the case: "
                        + s.answer().body().replaceAll("\\s+", " ")));
            }
        }
        return notUp;
    }

    /**
     * Readiness that said UP in the window (asked and answered in it) after the service had first said DOWN in it: a
     * service claiming to be ready while its database is unreachable.
     */
    List<String> readyAgainBetween(long from, long to, String dependency) {
        List<String> flaps = new ArrayList<>();
        synchronized (samples) {
            for (Service service : Service.values()) {
                boolean wentDown = false;
                int upAgain = 0;
                for (Sample s : samples) {
                    if (s.service() != service || s.kind() != Kind.READINESS || s.at() < from || s.answered() > to) {
                        continue;
                    }
                    wentDown |= s.answer().status() != 200;
                    if (wentDown && s.answer().status() == 200) {
                        upAgain++;
                    }
                }
                if (upAgain > 0) {
                    flaps.add(service.module() + " readiness UP " + upAgain + " times while " + dependency
                            + " was down, after it had gone DOWN");
                }
            }
        }
        return flaps;
    }

    private Map<String, String> counts(Predicate<Sample> which) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            Map<Integer, Integer> counts = new TreeMap<>();
            synchronized (samples) {
                samples.stream().filter(s -> s.service() == service && which.test(s))
                        .forEach(s -> counts.merge(s.answer().status(), 1, Integer::sum));
            }
            List<String> parts = new ArrayList<>();
            counts.forEach((status, count) -> parts.add(count + " × " + (status < 0 ? "no answer" : status)));
            answers.put(service.module(), String.join(", ", parts));
        }
        return answers;
    }
}
