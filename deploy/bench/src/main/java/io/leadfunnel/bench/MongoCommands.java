package io.leadfunnel.bench;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many MongoDB commands each service has sent: the MongoDB driver's command listener, as each service exposes it
 * on its Prometheus endpoint ({@code mongodb_driver_commands_seconds_count}, one series per command, collection and
 * outcome), summed over every series.
 */
final class MongoCommands {

    static final String SERIES = "mongodb_driver_commands_seconds_count";

    private MongoCommands() {
    }

    /** The commands each service has sent so far, by service module name; NaN where the endpoint did not answer. */
    static Map<String, Double> sent(FunnelProcesses funnel) {
        Map<String, Double> sent = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            sent.put(service.module(), Prometheus.read(funnel.managementUrl(service), SERIES));
        }
        return sent;
    }

    /** The sum of every {@value #SERIES} sample in a Prometheus text exposition. */
    static double total(String exposition) {
        return Prometheus.sum(exposition, SERIES);
    }

    /** What each service sent between two readings. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> sent = new LinkedHashMap<>();
        after.forEach((service, count) -> sent.put(service, count - before.getOrDefault(service, Double.NaN)));
        return sent;
    }
}
