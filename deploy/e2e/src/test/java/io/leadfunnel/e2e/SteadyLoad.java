package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A steady stream of signed generic webhook deliveries at a fixed rate, each retried like a CRM would: on a connection
 * failure or a 5xx (honouring {@code Retry-After}), and on a 429 after its {@code Retry-After}. Any other 4xx is a
 * refusal a CRM would not retry, which the fault tests count as a failure. Every delivery is a new lead of the
 * load's campaign; every {@code qualifyingEvery}-th one carries the activities that make it an MQL.
 */
final class SteadyLoad implements AutoCloseable {

    private static final Pattern LEAD_ID = Pattern.compile("\"leads\"\\s*:\\s*\\[\\s*\"([0-9a-f]+)\"");
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** How {@link #answersByPhase()} names an attempt that got no answer. */
    static final String NO_ANSWER = "no answer (connection failed or timed out)";

    final String campaign;
    private final double perSecond;
    private final int qualifyingEvery;
    private final Supplier<String> target;
    private final Duration patience;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService senders = Executors.newFixedThreadPool(12);
    private final AtomicInteger offered = new AtomicInteger();
    private final Map<Integer, String> accepted = new ConcurrentHashMap<>();
    private final Map<Integer, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Set<Integer> qualifyingBurst = ConcurrentHashMap.newKeySet();
    private final List<String> refusals = new ArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger connectionFailures = new AtomicInteger();
    final AtomicInteger status5xx = new AtomicInteger();
    final AtomicInteger status503 = new AtomicInteger();
    final AtomicInteger status503WithoutRetryAfter = new AtomicInteger();
    final AtomicInteger status429 = new AtomicInteger();
    private final Map<String, long[]> phaseWindows = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> answersByPhase = new LinkedHashMap<>();
    private long startedAt;
    private long stoppedAt;

    /**
     * @param target the lead-service base URL per delivery (called for every attempt, so a test can spread the
     *               deliveries over two instances)
     */
    SteadyLoad(String campaign, double perSecond, int qualifyingEvery, Supplier<String> target) {
        this(campaign, perSecond, qualifyingEvery, target, PATIENCE);
    }

    /** @param patience how long one delivery is retried before it counts as refused */
    SteadyLoad(String campaign, double perSecond, int qualifyingEvery, Supplier<String> target, Duration patience) {
        this.campaign = campaign;
        this.perSecond = perSecond;
        this.qualifyingEvery = qualifyingEvery;
        this.target = target;
        this.patience = patience;
    }

    static SteadyLoad start(FunnelProcesses funnel, String campaign) {
        return new SteadyLoad(campaign, 5, 4, () -> funnel.baseUrl(FunnelProcesses.Service.LEAD)).start();
    }

    /** A load at {@code perSecond} whose deliveries are retried for {@code patience}, e.g. through a long outage. */
    static SteadyLoad start(FunnelProcesses funnel, String campaign, double perSecond, Duration patience) {
        return new SteadyLoad(campaign, perSecond, 4, () -> funnel.baseUrl(FunnelProcesses.Service.LEAD), patience)
                .start();
    }

    SteadyLoad start() {
        startedAt = System.currentTimeMillis();
        long period = Math.round(1_000_000 / perSecond);
        ticker.scheduleAtFixedRate(() -> {
            int index = offered.getAndIncrement();
            senders.execute(() -> deliver(index));
        }, 0, period, TimeUnit.MICROSECONDS);
        return this;
    }

    /**
     * Offers {@code count} deliveries at once, on top of the steady rate (same campaign); {@code qualifying}: each of
     * them a lead that qualifies as MQL, else the load's rule.
     */
    void burst(int count, boolean qualifying) {
        for (int i = 0; i < count; i++) {
            int index = offered.getAndIncrement();
            if (qualifying) {
                qualifyingBurst.add(index);
            }
            senders.execute(() -> deliver(index));
        }
    }

    /** Marks the start of a named phase (a fault); it lasts until {@link #endPhase(String)}. */
    void beginPhase(String name) {
        synchronized (phaseWindows) {
            phaseWindows.put(name, new long[] {System.currentTimeMillis(), 0});
        }
    }

    void endPhase(String name) {
        synchronized (phaseWindows) {
            phaseWindows.get(name)[1] = System.currentTimeMillis();
        }
    }

    /** Stops offering new deliveries and waits until every offered one was accepted or given up; once. */
    SteadyLoad stop() {
        if (stoppedAt != 0) {
            return this;
        }
        ticker.shutdownNow();
        stoppedAt = System.currentTimeMillis();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(patience.toSeconds() + 30, TimeUnit.SECONDS)) {
                throw new AssertionError("deliveries still pending after " + patience);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdownNow();
    }

    int offered() {
        return offered.get();
    }

    /** Accepted deliveries: delivery number to the lead id lead-service answered. */
    Map<Integer, String> accepted() {
        return Map.copyOf(accepted);
    }

    int qualifyingAccepted() {
        return (int) accepted.keySet().stream().filter(this::qualifies).count();
    }

    /** The lead ids of the accepted deliveries that qualify as MQL. */
    Set<String> qualifyingLeads() {
        return accepted.entrySet().stream().filter(e -> qualifies(e.getKey())).map(Map.Entry::getValue)
                .collect(Collectors.toSet());
    }

    /**
     * Per phase, the answers the deliveries' attempts got while it lasted: status (with or without
     * {@code Retry-After} for a 503) to count, {@link #NO_ANSWER} for an attempt without an answer.
     */
    Map<String, Map<String, Integer>> answersByPhase() {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        synchronized (phaseWindows) {
            answersByPhase.forEach((phase, answers) -> copy.put(phase, new TreeMap<>(answers)));
        }
        return copy;
    }

    synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    double offeredPerSecond() {
        return perSecond;
    }

    /** Accepted deliveries per second over the whole run. */
    double acceptedPerSecond() {
        return perSecond(startedAt, stoppedAt);
    }

    /** Per phase: accepted deliveries per second while it lasted (deliveries offered then, accepted at any time). */
    Map<String, Double> phaseRates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        synchronized (phaseWindows) {
            phaseWindows.forEach((name, window) -> rates.put(name,
                    perSecond(window[0], window[1] == 0 ? stoppedAt : window[1])));
        }
        return rates;
    }

    /** Seconds each phase lasted. */
    Map<String, Double> phaseSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        synchronized (phaseWindows) {
            phaseWindows.forEach((name, window) -> seconds.put(name,
                    ((window[1] == 0 ? stoppedAt : window[1]) - window[0]) / 1000.0));
        }
        return seconds;
    }

    double seconds() {
        return (stoppedAt - startedAt) / 1000.0;
    }

    private double perSecond(long from, long to) {
        if (to <= from) {
            return 0;
        }
        long count = acceptedAt.values().stream().filter(t -> t >= from && t < to).count();
        return Math.round(count * 10_000.0 / (to - from)) / 10.0;
    }

    private boolean qualifies(int index) {
        return qualifyingEvery > 0 && index % qualifyingEvery == 0 || qualifyingBurst.contains(index);
    }

    private String body(int index) {
        String marker = campaign + "-" + index;
        if (!qualifies(index)) {
            return """
                    {"externalId":"%s","email":"%s@load.example","firstName":"Load","company":"Load %d",
                     "source":"webinar","campaign":"%s"}""".formatted(marker, marker, index, campaign);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        return """
                {"externalId":"%s","email":"%s@acme-robotics.example","company":"Acme Robotics",
                 "title":"VP Operations","country":"DE","industry":"Manufacturing","companySize":450,
                 "source":"trade show","campaign":"%s","activities":[
                   {"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s"},
                   {"activityId":"meeting","type":"MEETING","occurredAt":"%s"},
                   {"activityId":"pricing","type":"PRICING_PAGE_VIEW","occurredAt":"%s"}]}"""
                .formatted(marker, marker, campaign, now, now, now);
    }

    private void deliver(int index) {
        String body = body(index);
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            long backoff = 250;
            attempts.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(signed(body), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                tally(status == 503 ? response.headers().firstValue("Retry-After")
                        .map(r -> "503 with Retry-After").orElse("503 without Retry-After") : String.valueOf(status));
                if (status < 300) {
                    Matcher leadId = LEAD_ID.matcher(response.body());
                    if (!leadId.find()) {
                        refuse(index, status + " without a lead id: " + response.body());
                        return;
                    }
                    accepted.put(index, leadId.group(1));
                    acceptedAt.put(index, System.currentTimeMillis());
                    return;
                }
                String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                if (status == 429) {
                    status429.incrementAndGet();
                    backoff = retryAfterMillis(retryAfter);
                } else if (status >= 500) {
                    status5xx.incrementAndGet();
                    if (status == 503) {
                        status503.incrementAndGet();
                        if (retryAfter == null) {
                            status503WithoutRetryAfter.incrementAndGet();
                        } else {
                            backoff = retryAfterMillis(retryAfter);
                        }
                    }
                } else {
                    refuse(index, status + " " + response.body());
                    return;
                }
            } catch (IOException e) {
                tally(NO_ANSWER);
                connectionFailures.incrementAndGet(); // refused or reset while the service is down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(Math.min(backoff, 2_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        refuse(index, "not accepted within " + patience);
    }

    /** Counts an attempt's answer under the phases open when it came. */
    private void tally(String answer) {
        synchronized (phaseWindows) {
            phaseWindows.forEach((phase, window) -> {
                if (window[1] == 0) {
                    answersByPhase.computeIfAbsent(phase, p -> new LinkedHashMap<>()).merge(answer, 1, Integer::sum);
                }
            });
        }
    }

    private synchronized void refuse(int index, String why) {
        refusals.add("delivery " + index + ": " + why);
    }

    private static long retryAfterMillis(String retryAfter) {
        try {
            return retryAfter == null ? 1000 : Long.parseLong(retryAfter.strip()) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    private HttpRequest signed(String body) {
        long t = Instant.now().getEpochSecond();
        String signature = "t=" + t + ",v1=" + hmacHex(FunnelProcesses.GENERIC_SECRET, t + "." + body);
        return HttpRequest.newBuilder(URI.create(target.get() + "/webhooks/" + FunnelProcesses.GENERIC_SOURCE))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Funnel-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String hmacHex(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
