package io.leadfunnel.demo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;

/**
 * The demo feed: a simulated CRM (HubSpot, Salesforce, a signed generic sender) and a sales team working the
 * hand-offs, for the local run. Sends only to 127.0.0.1 and stops by itself: new leads during the first 80 % of the
 * run, the sales team until its end. Exits 2 when the services are unreachable, 1 when most deliveries failed.
 */
public final class DemoFeed {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final FeedOptions options;
    private final Random random;
    private final FeedReport report = new FeedReport(System.out);
    private final FunnelHttpClient http = new FunnelHttpClient();
    private final Profiles profiles;
    private final GenericSender generic;
    private final HubSpotSender hubSpot;
    private final SalesforceSender salesforce;

    DemoFeed(FeedOptions options) {
        this.options = options;
        // one stream of draws for profiles, channels and senders: the seed gives the same demo every time
        this.random = new Random(options.seed());
        // ids differ per run (so a second run adds new leads), the profiles and decisions follow the seed
        long runId = System.currentTimeMillis() / 1000;
        LeadWebhooks webhooks = new LeadWebhooks(http, report);
        this.profiles = new Profiles(random);
        this.generic = new GenericSender(options, runId, random, webhooks, report);
        this.hubSpot = new HubSpotSender(options, runId, random, webhooks, generic, report);
        this.salesforce = new SalesforceSender(options, runId, random, webhooks, generic, report);
    }

    public static void main(String[] args) throws Exception {
        Optional<FeedOptions> options;
        try {
            options = FeedOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo-feed: " + e.getMessage());
            System.err.println(FeedOptions.USAGE);
            System.exit(64);
            return;
        }
        if (options.isEmpty()) {
            System.err.println(FeedOptions.USAGE);
            System.exit(0);
            return;
        }
        System.exit(new DemoFeed(options.get()).run());
    }

    int run() throws InterruptedException {
        if (!http.reachable(options.leadUrl() + "/webhooks/hubspot")
                || !http.reachable(options.handoffUrl() + "/handoffs")) {
            return 2;
        }
        Instant start = Instant.now();
        Instant stopSending = start.plusMillis(options.durationSeconds() * 800L);
        Instant end = start.plusSeconds(options.durationSeconds());
        report.log("demo feed: %ds, %.2f leads/s, seed %d; CRM until %s, sales team until %s",
                options.durationSeconds(), options.rate(), options.seed(), CLOCK.format(stopSending),
                CLOCK.format(end));

        Thread sales = new Thread(() -> new SalesTeam(
                new HandoffApiClient(http, options.handoffUrl(), SalesTeam.REPS), new Random(options.seed() + 1),
                report).work(end), "sales-team");
        sales.setDaemon(true);
        sales.start();

        long intervalMs = Math.max(50, (long) (1000 / options.rate()));
        int maxLeads = (int) Math.ceil(options.durationSeconds() * options.rate()) + 1;
        int n = 0;
        int failures = 0;
        while (Instant.now().isBefore(stopSending) && n < maxLeads) {
            n++;
            try {
                sendLead(n);
                failures = 0;
            } catch (IOException e) {
                report.count("errors");
                report.log("  ! lead %d: %s", n, e.getMessage());
                if (++failures >= 5) {
                    report.log("demo feed: lead-service stopped answering; giving up");
                    sales.interrupt();
                    report.summary();
                    return 2;
                }
            }
            Thread.sleep(intervalMs);
        }
        sales.join(Math.max(1, Duration.between(Instant.now(), end).toMillis() + 15_000));
        report.summary();
        return report.get("errors") > n / 2 ? 1 : 0;
    }

    /** The {@code n}th lead, through one of the CRMs: 35 % HubSpot, 25 % Salesforce, 40 % generic. */
    private void sendLead(int n) throws IOException, InterruptedException {
        Profile p = profiles.next(n);
        report.count("leads");
        report.count(p.good() ? "good" : "poor");
        boolean replay = n % 7 == 0; // every 7th lead again on purpose: the log shows each replay absorbed
        double channel = random.nextDouble();
        if (channel < 0.35) {
            hubSpot.send(n, p, replay);
        } else if (channel < 0.60) {
            salesforce.send(n, p, replay);
        } else {
            generic.send(n, p, replay);
        }
    }
}
