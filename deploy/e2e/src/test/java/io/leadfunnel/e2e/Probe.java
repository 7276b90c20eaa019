package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Plain HTTP probes of the running services: readiness and one answer of an endpoint, with its status. */
final class Probe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Probe() {
    }

    /** An answer: status (-1 when there was none, e.g. refused or timed out) and its Retry-After header. */
    record Answer(int status, String retryAfter, String body) {
        boolean retryable() {
            return status == 503 && retryAfter != null;
        }

        @Override
        public String toString() {
            return status + (retryAfter == null ? "" : " Retry-After " + retryAfter);
        }
    }

    static Answer get(String url, String token, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.body());
        } catch (IOException e) {
            return new Answer(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the service shows the broker as unreachable: its readiness is DOWN, or (for a service whose readiness
     * leaves the broker out by design, its API working without it) its {@code broker} health group is DOWN. The
     * answer names which.
     */
    static String brokerDown(FunnelProcesses funnel, Service service) {
        if (readiness(funnel, service) != 200) {
            return "readiness DOWN";
        }
        int group = get(funnel.managementUrl(service) + "/q/health/group/broker", null, Duration.ofSeconds(5))
                .status();
        return group == 503 ? "broker health group DOWN (readiness stays UP by design)" : null;
    }

    /** Like {@link #awaitReadiness}, for {@link #brokerDown}. */
    static Map<String, String> awaitBrokerDown(FunnelProcesses funnel, Collection<Service> services,
            Duration within) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        Map<String, String> seen = new LinkedHashMap<>();
        while (seen.size() < services.size() && System.nanoTime() < deadline) {
            for (Service service : services) {
                if (!seen.containsKey(service.module())) {
                    String down = brokerDown(funnel, service);
                    if (down != null) {
                        seen.put(service.module(), down + " after " + (System.nanoTime() - start) / 1_000_000_000
                                + " s");
                    }
                }
            }
            FaultCheck.sleep(500);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (Service service : services) {
            ordered.put(service.module(), seen.getOrDefault(service.module(), "not within " + within.toSeconds() + " s"));
        }
        return ordered;
    }

    static Answer post(String url, String token, String json, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.body());
        } catch (IOException e) {
            return new Answer(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int readiness(FunnelProcesses funnel, Service service) {
        return get(funnel.managementUrl(service) + "/q/health/ready", null, Duration.ofSeconds(5)).status();
    }

    /**
     * Waits until every service's readiness satisfies {@code wanted} (or the time is up) and returns, per service,
     * after how many seconds it did, or "not within Ns".
     */
    static Map<String, String> awaitReadiness(FunnelProcesses funnel, Collection<Service> services,
            Predicate<Integer> wanted, Duration within) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        Map<String, String> seen = new LinkedHashMap<>();
        while (seen.size() < services.size() && System.nanoTime() < deadline) {
            for (Service service : services) {
                if (!seen.containsKey(service.module()) && wanted.test(readiness(funnel, service))) {
                    seen.put(service.module(), "after " + (System.nanoTime() - start) / 1_000_000_000 + " s");
                }
            }
            FaultCheck.sleep(500);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (Service service : services) {
            ordered.put(service.module(), seen.getOrDefault(service.module(), "not within " + within.toSeconds() + " s"));
        }
        return ordered;
    }
}
