package io.leadfunnel.lead.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** lead-service settings, under {@code funnel.lead}. */
@ConfigMapping(prefix = "funnel.lead")
public interface LeadServiceConfig {

    /** CRM webhooks. */
    Webhooks webhooks();

    /** Memory of processed deliveries and idempotency keys. */
    Deliveries deliveries();

    /**
     * How often interrupted lead merges are looked for and completed, besides ten seconds after start (read by the
     * schedule of {@code Housekeeping}).
     */
    @WithDefault("5m")
    Duration mergeRepairInterval();

    interface Webhooks {
        /**
         * The public base URL senders call (scheme, host and any path prefix, e.g. {@code https://funnel.example.com}),
         * used to rebuild the URI that HubSpot signs when the service sits behind a proxy. Empty: the request's own
         * URI is used.
         */
        Optional<String> publicBaseUrl();

        /** Largest request body accepted, in bytes; larger ones get 413. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** How old a signed timestamp may be (and how far in the future) before the delivery is refused as a replay. */
        @WithDefault("PT5M")
        Duration replayTolerance();

        /** Most leads accepted in one delivery (Salesforce sends up to 100 notifications). */
        @WithDefault("100")
        int maxBatchSize();

        /** HubSpot app settings. */
        HubSpot hubspot();

        /** Salesforce outbound message settings. */
        Salesforce salesforce();

        /** Generic signed JSON senders, by source name (the {@code {source}} path segment). */
        Map<String, Generic> generic();
    }

    interface HubSpot {
        /** The app's client secret, which signs v3 requests. */
        Optional<String> secret();

        /** The previous client secret, accepted too while a rotation is under way. */
        Optional<String> previousSecret();
    }

    interface Salesforce {
        /** Organization ids (15 or 18 characters) whose outbound messages are accepted; none configured refuses all. */
        Optional<List<String>> organizationIds();

        /**
         * The secret the outbound message's endpoint URL carries as {@code ?token=} (at least 32 URL-safe characters);
         * without one the Salesforce webhook is not configured (404).
         */
        Optional<String> token();

        /** The previous token, accepted too while a rotation is under way. */
        Optional<String> previousToken();
    }

    interface Generic {
        /** Current signing secret of this source. */
        String secret();

        /** Previous signing secret, accepted too while a rotation is under way. */
        Optional<String> previousSecret();
    }

    interface Deliveries {
        /** How long processed delivery ids and idempotency keys are remembered. */
        @WithDefault("P7D")
        Duration retention();
    }
}
