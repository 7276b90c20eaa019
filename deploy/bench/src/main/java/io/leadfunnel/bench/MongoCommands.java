package io.leadfunnel.bench;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many MongoDB commands each service has sent: the MongoDB driver's command listener, as each service exposes it
 * on its Prometheus endpoint ({@code mongodb_driver_commands_seconds_count}, one series per command, collection and
 * outcome), summed over every series.
 */
final class MongoCommands {

    static final String SERIES = "mongodb_driver_commands_seconds_count";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MongoCommands() {
    }

    /** The commands each service has sent so far, by service module name; NaN where the endpoint did not answer. */
    static Map<String, Double> sent(FunnelProcesses funnel) {
        Map<String, Double> sent = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            sent.put(service.module(), sent(funnel.managementUrl(service)));
        }
        return sent;
    }

    /** The commands sent so far by the service whose management interface is at {@code managementUrl}. */
    static double sent(String managementUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? total(response.body()) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** The sum of every {@value #SERIES} sample in a Prometheus text exposition. */
    static double total(String exposition) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(SERIES + "{") || line.startsWith(SERIES + " ")) {
                String value = line.substring(line.lastIndexOf(' ') + 1).trim();
                total += Double.parseDouble(value);
            }
        }
        return total;
    }

    /** What each service sent between two readings. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> sent = new LinkedHashMap<>();
        after.forEach((service, count) -> sent.put(service, count - before.getOrDefault(service, Double.NaN)));
        return sent;
    }
}
