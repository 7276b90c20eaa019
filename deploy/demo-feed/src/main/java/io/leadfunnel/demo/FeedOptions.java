package io.leadfunnel.demo;

import java.net.URI;
import java.util.Optional;

/**
 * The feed's command line. Every option has a default that matches deploy/local/run, which starts the feed without
 * arguments.
 *
 * @param leadUrl         lead-service, where the CRM deliveries go; http://127.0.0.1 only
 * @param handoffUrl      handoff-service, where the sales team works; http://127.0.0.1 only
 * @param publicBaseUrl   the base URL HubSpot signs when lead-service runs with
 *                        {@code funnel.lead.webhooks.public-base-url}; null signs the lead URL
 * @param hubSpotSecret   the HubSpot app secret (v3 signature)
 * @param salesforceOrg   the Salesforce organization id the outbound messages carry
 * @param salesforceToken the token in the Salesforce endpoint URL, which authenticates the messages
 * @param genericSource   the generic webhook source: deliveries go to {@code /webhooks/<source>}
 * @param genericSecret   that source's {@code Funnel-Signature} secret
 * @param durationSeconds how long the feed runs; new leads arrive during the first 80 %
 * @param rate            new leads per second
 * @param seed            the profiles, channels and sales decisions follow it
 */
record FeedOptions(String leadUrl, String handoffUrl, String publicBaseUrl, String hubSpotSecret, String salesforceOrg,
                   String salesforceToken, String genericSource, String genericSecret, int durationSeconds,
                   double rate, long seed) {

    static final String USAGE = """
            usage: demo-feed [--lead-url http://127.0.0.1:8081] [--handoff-url http://127.0.0.1:8083]
                             [--duration 90] [--rate 1.0] [--seed 42] [--public-base-url URL]
                             [--hubspot-secret S] [--salesforce-org ID] [--salesforce-token T]
                             [--generic-source demo] [--generic-secret S]""";

    /** The options of deploy/local/run. */
    static FeedOptions defaults() {
        return parse(new String[0]).orElseThrow();
    }

    /**
     * Reads {@code --option value} pairs from left to right; the first bad one stops the reading.
     *
     * @return empty when {@code -h} or {@code --help} comes before any bad option
     * @throws IllegalArgumentException naming the bad option or value (a number that does not parse included)
     */
    static Optional<FeedOptions> parse(String[] args) {
        String leadUrl = "http://127.0.0.1:8081";
        String handoffUrl = "http://127.0.0.1:8083";
        String publicBaseUrl = null;
        String hubSpotSecret = "dev-hubspot-secret";
        String salesforceOrg = "00D000000000DEVAAA";
        String salesforceToken = "dev-salesforce-endpoint-token-0123456789abcdef";
        String genericSource = "demo";
        String genericSecret = "dev-generic-secret";
        int durationSeconds = 90;
        double rate = 1.0;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return Optional.empty();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--lead-url" -> leadUrl = local(value);
                case "--handoff-url" -> handoffUrl = local(value);
                case "--public-base-url" -> publicBaseUrl = value;
                case "--hubspot-secret" -> hubSpotSecret = value;
                case "--salesforce-org" -> salesforceOrg = value;
                case "--salesforce-token" -> salesforceToken = value;
                case "--generic-source" -> genericSource = value;
                case "--generic-secret" -> genericSecret = value;
                case "--duration" -> durationSeconds = bounded(Integer.parseInt(value), 5, 3600, arg);
                case "--rate" -> {
                    rate = Double.parseDouble(value);
                    if (!(rate >= 0.05 && rate <= 20)) {
                        throw new IllegalArgumentException("--rate must be between 0.05 and 20 leads per second");
                    }
                }
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return Optional.of(new FeedOptions(leadUrl, handoffUrl, publicBaseUrl, hubSpotSecret, salesforceOrg,
                salesforceToken, genericSource, genericSecret, durationSeconds, rate, seed));
    }

    private static int bounded(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
        return v;
    }

    /** Only the local machine: the feed never sends anywhere else. */
    static String local(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("only http://127.0.0.1:<port> URLs are allowed, not " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
