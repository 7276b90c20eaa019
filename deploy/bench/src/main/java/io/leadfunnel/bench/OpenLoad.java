package io.leadfunnel.bench;

import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * An open-model load generator: one dispatcher thread sends request {@code i} at its intended time on the
 * {@link Schedule} (or as soon as it can, when it fell behind) without waiting for earlier answers; each answer's
 * latency is taken from the intended send time.
 */
public final class OpenLoad {

    /** What a run measured. */
    public record Result(Schedule schedule, Stats latency, long ok, long failed, long timedOut, double seconds,
                         double achievedPerSecond, String firstFailure) {

        /** Sustained: every request answered 2xx in time, the rate kept, and p99 under the limit. */
        public boolean sustained(double p99LimitMillis) {
            return failed == 0 && timedOut == 0 && latency.p99() < p99LimitMillis
                    && achievedPerSecond >= schedule.ratePerSecond() * 0.95;
        }
    }

    /** Called with each 2xx answer: request index, intended time and answer time (System.nanoTime), body. */
    public interface Listener {
        void answered(long index, long intendedNanos, long answeredNanos, String body);
    }

    private final HttpClient client;

    public OpenLoad() {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8, r -> {
                    Thread t = new Thread(r, "load-http");
                    t.setDaemon(true);
                    return t;
                }))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A trivial request's latency, one after another (closed model): the HTTP round-trip floor. */
    public Stats roundTrips(String url, int count) {
        Histogram histogram = Stats.histogram();
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(5)).GET()
                .build();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try {
                client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException("round trip to " + url + " failed", e);
            }
            Stats.record(histogram, (System.nanoTime() - start) / 1000);
        }
        return Stats.of(histogram);
    }

    /** Runs the schedule, building request {@code i} just before it is sent. */
    public Result run(Schedule schedule, LongFunction<HttpRequest> requests, Listener listener) {
        Histogram histogram = Stats.histogram();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CompletableFuture<?>[] pending = new CompletableFuture<?>[(int) schedule.count()];
        long start = System.nanoTime() + 50_000_000L;
        for (long i = 0; i < schedule.count(); i++) {
            long intended = start + schedule.offsetNanos(i);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000L));
            }
            long index = i;
            HttpRequest request = requests.apply(i);
            pending[(int) i] = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        long now = System.nanoTime();
                        synchronized (histogram) {
                            Stats.record(histogram, (now - intended) / 1000);
                        }
                        if (error == null && response.statusCode() < 300) {
                            ok.incrementAndGet();
                            if (listener != null) {
                                listener.answered(index, intended, now, response.body());
                            }
                        } else {
                            failed.incrementAndGet();
                            if (failures.size() < 3) {
                                failures.add(error != null ? error.toString()
                                        : response.statusCode() + " " + abbreviate(response.body()));
                            }
                        }
                    });
        }
        long timedOut = 0;
        long answerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (CompletableFuture<?> future : pending) {
            try {
                future.get(Math.max(1, answerDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                timedOut++;
            } catch (Exception e) {
                // counted as failed by the callback
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Stats latency;
        synchronized (histogram) {
            latency = Stats.of(histogram);
        }
        return new Result(schedule, latency, ok.get(), failed.get(), timedOut, seconds,
                ok.get() / Math.max(seconds, schedule.seconds()), failures.peek());
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
