package io.leadfunnel.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a series from a service's Prometheus endpoint ({@code /q/metrics} on its management interface). */
final class Prometheus {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Prometheus() {
    }

    /** The sum of {@code series} over its labels at the service, NaN when the endpoint did not answer. */
    static double read(String managementUrl, String series) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? sum(response.body(), series) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** The sum of every {@code series} sample in a Prometheus text exposition. */
    static double sum(String exposition, String series) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + "{") || line.startsWith(series + " ")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return total;
    }
}
