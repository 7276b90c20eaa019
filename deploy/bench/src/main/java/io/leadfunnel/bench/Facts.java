package io.leadfunnel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import io.leadfunnel.testing.TestTokens;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads lead facts into metrics-service by publishing contract events straight to the funnel topics (faster than
 * going through the webhooks and the other services, which are stopped for this part), waits until metrics-service
 * applied them, then measures the /funnel endpoints and the rebuild.
 */
final class Facts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LeadSource[] SOURCES = LeadSource.values();
    private static final String[] INDUSTRIES = {"Manufacturing", "Software", "Retail", "Finance", "Health"};
    private static final int[] SIZES = {12, 80, 450, 2500};

    /** The query variants: every endpoint without grouping, /funnel grouped by two dimensions. */
    static final List<String> QUERIES = List.of("/funnel", "/funnel?groupBy=source", "/funnel?groupBy=campaign",
            "/funnel/velocity", "/funnel/drop-off", "/funnel/sla", "/funnel/revenue", "/funnel/lift");

    private final FunnelProcesses funnel;
    private final Sizes sizes;
    private final Report report;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String reader = TestTokens.forRole("bench", "metrics-reader");
    private final String admin = TestTokens.forRole("bench-admin", "admin");
    /** The highest query p99 at the last level measured, in ms. */
    private double slowestQueryMs;
    private long leads;
    private long events;

    Facts(FunnelProcesses funnel, Sizes sizes, Report report) {
        this.funnel = funnel;
        this.sizes = sizes;
        this.report = report;
    }

    /**
     * Measures the live apply rate on a first slice of leads, then brings the store to each level through the
     * rebuild (measured too) and, when {@code measure}, measures the queries at each level.
     */
    String queries(boolean measure) {
        StringBuilder note = new StringBuilder();
        double live = loadLive(sizes.liveLeads());
        note.append(Report.number(sizes.liveLeads())).append(" leads applied live at ").append(Report.number(live))
                .append(" events/s; ");
        Instant partStart = Instant.now();
        double lastRebuildRate = Double.NaN;
        int lastLevel = 0;
        for (int level : sizes.factLevels()) {
            if (lastLevel > 0) {
                // skip a level that cannot finish within the part's budget at the rates measured so far
                double factor = (double) level / lastLevel;
                // each variant runs for querySeconds, or longer when its minimum requests take longer than that
                double perVariant = Math.max(sizes.querySeconds(),
                        (sizes.queryMinRequests() + 2) * slowestQueryMs * factor / 1000);
                double projected = eventsFor(level) / lastRebuildRate + QUERIES.size() * perVariant
                        + (eventsFor(level) - events) / 15_000d;
                double left = sizes.factsBudgetSeconds() - Duration.between(partStart, Instant.now()).toSeconds();
                if (projected > left) {
                    String why = "not measured at " + Report.number(level) + " leads: at the rates measured here "
                            + "(rebuild " + Report.number(lastRebuildRate) + " events/s, slowest query "
                            + Report.number(slowestQueryMs) + " ms at " + Report.number(lastLevel)
                            + " leads, scaling linearly) loading and querying it would take about "
                            + Report.number(projected / 60) + " min, over the " + Report.number(left / 60)
                            + " min left of this part's budget";
                    Bench.log(why);
                    report.note(why);
                    if (measure) {
                        report.add(Figure.of("queries", "GET /funnel p99, plain and grouped, at "
                                        + Report.number(level) + " leads", Double.NaN, "ms", why).target(50, false));
                    }
                    note.append(why).append("; ");
                    break;
                }
            }
            Instant levelStart = Instant.now();
            loadByRebuild(level);
            lastRebuildRate = largestRebuild.value();
            note.append(Report.number(level)).append(" leads (").append(Report.number(events))
                    .append(" events) loaded by a rebuild; ");
            if (measure) {
                measureQueries(level);
            }
            lastLevel = level;
            Bench.log("level " + Report.number(level) + " took " + Duration.between(levelStart, Instant.now())
                    .toSeconds() + " s");
        }
        return note.toString();
    }

    /** Events of leads {@code 0 .. level-1}: 4 for every fifth lead from 0, 2 for the next, 1 for the other three. */
    static long eventsFor(long level) {
        long total = 0;
        for (int r = 0; r < 5; r++) {
            long count = level / 5 + (r < level % 5 ? 1 : 0);
            total += count * (r == 0 ? 4 : r == 1 ? 2 : 1);
        }
        return total;
    }

    /** Publishes the events of leads up to {@code level} and waits until the live consumer applied them; events/s. */
    private double loadLive(int level) {
        long eventsBefore = events;
        Instant start = Instant.now();
        double published = publish(level);
        Bench.log("published " + (events - eventsBefore) + " events at " + Report.number(published)
                + "/s; waiting for metrics-service to apply them");
        try (Lag lag = new Lag(funnel.kafkaBootstrapServers())) {
            boolean drained = lag.awaitDrained(Duration.ofSeconds((long) sizes.loadWaitSeconds()),
                    Set.of("metrics-service"));
            long behind = drained ? 0 : lag.of("metrics-service");
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000d;
            double rate = (events - eventsBefore - behind) / seconds;
            report.add(Figure.of("queries", "metrics-service live apply rate", rate, "events/s",
                            Report.number(events - eventsBefore - behind) + " events of " + Report.number(level)
                                    + " leads published straight to the topics (at " + Report.number(published)
                                    + "/s) and applied by the live consumers in " + Report.number(seconds) + " s"
                                    + (drained ? "" : "; stopped waiting with " + behind + " events behind"))
                    .against("MongoDB single-document update rate",
                            report.value("baseline", "MongoDB single-document update rate")));
            return rate;
        }
    }

    /**
     * Brings the store to {@code level} leads: metrics-service is stopped, the remaining events are published, its
     * consumer group is moved to the end of the topics (so the live consumers do not compete), it is started again
     * and a rebuild replays every event of the topics into a fresh store. The rebuild is measured.
     */
    private void loadByRebuild(int level) {
        funnel.kill(Service.METRICS);
        double published = publish(level);
        Bench.log("published events up to " + Report.number(level) + " leads (" + Report.number(events)
                + " in all) at " + Report.number(published) + "/s; skipping the live consumers past them");
        try (Lag lag = new Lag(funnel.kafkaBootstrapServers())) {
            lag.skipToEnd("metrics-service", Duration.ofMinutes(2));
        }
        funnel.restart(Service.METRICS);
        rebuild(Report.number(level) + " leads");
    }

    /** Publishes the events of leads {@code leads .. level-1}; events per second. */
    private double publish(int level) {
        long from = leads;
        long eventsBefore = events;
        Instant start = Instant.now();
        Properties props = Baselines.producerProperties(funnel.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (long i = from; i < level; i++) {
                for (FunnelEvent event : lead(i, now)) {
                    producer.send(new ProducerRecord<>(topic(event), event.leadId(), FunnelJson.write(event)),
                            (m, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    events++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed", failure.get());
        }
        leads = Math.max(leads, level);
        return (events - eventsBefore) / Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000d);
    }

    private static String topic(FunnelEvent event) {
        if (event instanceof LeadScored) {
            return Topics.LEAD_SCORES;
        }
        if (event instanceof LeadStageChanged || event instanceof HandoffAssigned) {
            return Topics.LEAD_LIFECYCLE;
        }
        return Topics.LEAD_EVENTS;
    }

    /**
     * The events of lead {@code i}: every lead captured (spread over the last 120 days, over sources, campaigns,
     * industries and sizes), 40 % scored, 20 % MQL with a hand-off.
     */
    static List<FunnelEvent> lead(long i, Instant now) {
        String id = String.format("bench%019d", i);
        Instant captured = now.minusSeconds(60 + (i * 7919L) % (120L * 86400));
        LeadSource source = SOURCES[(int) (i % SOURCES.length)];
        LeadProfile profile = new LeadProfile(null, null, null, null, null, null, "DE",
                INDUSTRIES[(int) (i % INDUSTRIES.length)], SIZES[(int) ((i / 3) % SIZES.length)], source,
                source.name().toLowerCase(), "campaign-" + (i % 40), LeadOrigin.MARKETING);
        LeadCaptured capture = new LeadCaptured(UUID.nameUUIDFromBytes(("c" + i).getBytes()), id, captured, 1,
                "lead-service", 1, profile, Map.of("bench", id), "webhook:bench");
        if (i % 5 >= 2) {
            return List.of(capture);
        }
        int total = (int) (40 + i % 60);
        LeadScored scored = new LeadScored(UUID.nameUUIDFromBytes(("s" + i).getBytes()), id,
                captured.plusSeconds(5), 1, "scoring-service", total / 2, total / 2, total,
                total >= 80 ? "A" : total >= 60 ? "B" : "C", null, null, null, null, 1, List.of(), "LeadCaptured");
        if (i % 5 == 1) {
            return List.of(capture, scored);
        }
        Instant mqlAt = captured.plusSeconds(30);
        LeadStageChanged mql = new LeadStageChanged(UUID.nameUUIDFromBytes(("m" + i).getBytes()), id, mqlAt, 1,
                "handoff-service", Stage.LEAD, Stage.MQL, 1, List.of(), Actor.system("handoff-service"), null, null,
                null, null);
        HandoffAssigned handoff = new HandoffAssigned(UUID.nameUUIDFromBytes(("h" + i).getBytes()), id,
                mqlAt.plusSeconds(1), 1, "handoff-service", "h-" + i, "rep-" + (i % 25), "team-" + (i % 4),
                "round-robin", mqlAt.plusSeconds(4 * 3600), 1);
        return List.of(capture, scored, mql, handoff);
    }

    private void measureQueries(int level) {
        String suffix = " at " + Report.number(level) + " leads";
        double httpP99 = report.value("baseline", "HTTP round trip p99");
        double worst = 0;
        double funnelWorst = 0;
        for (String query : QUERIES) {
            Histogram histogram = Stats.histogram();
            Duration first = warmUp(query); // the first query after a load
            if (query.equals(QUERIES.get(0))) {
                Bench.log("first GET " + query + suffix + " took " + first.toMillis() + " ms");
                report.add(Figure.of("queries", "first query after loading" + suffix, first.toMillis() / 1000d, "s",
                        "the first GET /funnel after the rebuild that loaded the level; no lead is kept in memory, "
                                + "every report reads the stored aggregates"));
            }
            get(query);
            long end = System.nanoTime() + (long) (sizes.querySeconds() * 1e9);
            int n = 0;
            while (n < sizes.queryMinRequests() || (n < sizes.queryMaxRequests() && System.nanoTime() < end)) {
                long t0 = System.nanoTime();
                get(query);
                Stats.record(histogram, (System.nanoTime() - t0) / 1000);
                n++;
            }
            Stats stats = Stats.of(histogram);
            worst = Math.max(worst, stats.p99());
            if (query.equals("/funnel") || query.startsWith("/funnel?")) {
                funnelWorst = Math.max(funnelWorst, stats.p99());
            }
            slowestQueryMs = Math.max(slowestQueryMs, stats.p99());
            Bench.log(String.format("GET %s%s: p50 %.1f ms p99 %.1f ms (%d requests)", query, suffix, stats.p50(),
                    stats.p99(), n));
            report.add(Figure.of("queries", "GET " + query + suffix + ": p50", stats.p50(), "ms",
                    n + " requests one after another after 2 warm-ups").against("HTTP round trip p50",
                    report.value("baseline", "HTTP round trip p50")));
            report.add(Figure.of("queries", "GET " + query + suffix + ": p99", stats.p99(), "ms", null)
                    .against("HTTP round trip p99", httpP99));
        }
        Figure funnelFigure = Figure.of("queries", "GET /funnel p99, plain and grouped," + suffix, funnelWorst, "ms",
                "the highest p99 of /funnel without grouping and grouped by source and by campaign")
                .against("HTTP round trip p99", httpP99);
        report.add(level >= 1_000_000 ? funnelFigure.target(50, false) : funnelFigure);
        report.add(Figure.of("queries", "slowest /funnel endpoint p99" + suffix, worst, "ms",
                "the highest p99 of every variant above").against("HTTP round trip p99", httpP99));
        report.add(Figure.of("queries", "metrics-service resident memory" + suffix,
                Machine.rssMiB(funnel.pid(Service.METRICS)), "MiB", "with the services' sizing (-Xmx256m, "
                        + "deploy/README.md, Memory), after the queries above").target(300, false));
        funnel.restart(Service.METRICS);
        long t0 = System.nanoTime();
        get(QUERIES.get(0));
        double afterRestart = (System.nanoTime() - t0) / 1e9;
        Bench.log(String.format("first GET %s after a restart%s: %.3f s", QUERIES.get(0), suffix, afterRestart));
        report.add(Figure.of("queries", "first query after a restart" + suffix, afterRestart, "s",
                "metrics-service killed and started again (until ready) with the store at this level, then GET "
                        + QUERIES.get(0) + " timed").target(1, false));
    }

    /**
     * A first query, retried while metrics-service answers 503 (the store briefly unavailable). The first query after
     * a load reads every fact from MongoDB, which at 1,000,000 leads takes minutes: it may take up to 20.
     */
    private Duration warmUp(String query) {
        Instant start = Instant.now();
        for (int attempt = 1; ; attempt++) {
            try {
                get(query, Duration.ofMinutes(20));
                return Duration.between(start, Instant.now());
            } catch (IllegalStateException e) {
                if (attempt >= 12 || !String.valueOf(e.getMessage()).contains("answered 503")) {
                    throw e;
                }
                Bench.log("GET " + query + " answered 503 while warming up; retrying in 5 s");
                report.note("GET " + query + " answered 503 once while warming up (retried): " + e.getMessage());
                Lag.sleep(5000);
            }
        }
    }

    private String get(String query) {
        return get(query, Duration.ofMinutes(2));
    }

    private String get(String query, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(funnel.baseUrl(Service.METRICS) + query))
                    .header("Authorization", "Bearer " + reader).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + query + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET " + query + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The rebuild figure of the largest store so far (the one compared with the target). */
    private Figure largestRebuild;

    /** The rebuild part: the rebuild of the largest level already ran while loading; it is the part's figure. */
    String rebuild() {
        if (largestRebuild == null) {
            rebuild(Report.number(leads) + " leads");
        }
        report.add(Figure.of("rebuild", "rebuild replay rate of the largest store", largestRebuild.value(),
                        "events/s", largestRebuild.note())
                .against(largestRebuild.baseline(), largestRebuild.baselineValue()).target(50_000, true));
        double ceiling = rebuildCeiling();
        report.add(Figure.of("rebuild", "rebuild replay rate over the local engine's ceiling for it",
                        largestRebuild.value(), "events/s", "the largest store's rebuild against the ceiling above")
                .against("rebuild ceiling of the local engine", ceiling));
        return largestRebuild.note();
    }

    /** Lead records copied per insert in {@link #rebuildCeiling}: the replay's records per poll. */
    private static final int CEILING_BATCH = 500;
    /** Most lead records {@link #rebuildCeiling} inserts. */
    private static final int CEILING_RECORDS = 100_000;

    /**
     * The most a rebuild could replay on this local engine if it did nothing but store each lead's record once: copies
     * of the rebuilt generation's own lead records inserted into a scratch collection, {@link #CEILING_BATCH} per
     * {@code insertMany} on one thread, times the events per lead of the store. A rebuild also reads the leads it
     * already wrote, writes its aggregates' logs and folds them, and metrics-service works on every event, so its
     * rate is below this one; a target above this one cannot be met on this engine and machine. In events/s.
     */
    private double rebuildCeiling() {
        try (MongoClient client = MongoClients.create(funnel.mongoConnectionString())) {
            List<Document> samples = new ArrayList<>();
            for (Document lead : client.getDatabase("metrics").getCollection(largestGeneration).find()
                    .limit(1_000)) {
                if (lead.containsKey("record")) {
                    samples.add(lead);
                }
            }
            if (samples.isEmpty()) {
                throw new IllegalStateException("no lead record found in the rebuilt generation " + largestGeneration);
            }
            MongoCollection<Document> scratch = client.getDatabase("bench").getCollection("rebuild_ceiling")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            scratch.drop();
            int count = (int) Math.min(CEILING_RECORDS, Math.max(leads, samples.size()));
            double cpuBefore = Machine.cpuSeconds(funnel.localStackPid());
            long start = System.nanoTime();
            List<Document> batch = new ArrayList<>(CEILING_BATCH);
            for (int i = 0; i < count; i++) {
                Document copy = new Document(samples.get(i % samples.size()));
                copy.put("_id", String.format("ceiling%019d", i));
                batch.add(copy);
                if (batch.size() == CEILING_BATCH || i == count - 1) {
                    scratch.insertMany(batch, new InsertManyOptions().ordered(false));
                    batch = new ArrayList<>(CEILING_BATCH);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = Machine.cpuSeconds(funnel.localStackPid()) - cpuBefore;
            scratch.drop();
            double perSecond = count / seconds;
            double eventsPerLead = (double) recordsOfLargest / leads;
            Bench.log(String.format("the local engine inserted %d copies of rebuilt lead records at %.0f/s", count,
                    perSecond));
            report.add(Figure.of("rebuild", "local engine insert rate of rebuilt lead records", perSecond, "docs/s",
                    Report.number(count) + " copies of " + samples.size() + " lead records of the rebuilt generation, "
                            + "insertMany of " + CEILING_BATCH + " (the replay's poll), one thread, into a scratch "
                            + "collection of the same local stack; " + Report.number(cpu / count * 1000)
                            + " CPU s of the local stack per 1000"));
            double ceiling = perSecond * eventsPerLead;
            report.add(Figure.of("rebuild", "rebuild ceiling of the local engine", ceiling, "events/s",
                    "the insert rate above times the store's " + Report.number(eventsPerLead) + " events per lead: "
                            + "a rebuild that only stored each lead's record once, with no read, no aggregate and no "
                            + "work in metrics-service, would replay this fast").target(50_000, true));
            return ceiling;
        }
    }

    /** Starts a rebuild and waits for it; records its replay rate. */
    private void rebuild(String label) {
        long pid = funnel.pid(Service.METRICS);
        double cpuBefore = Machine.cpuSeconds(pid);
        JsonNode status = send("POST", "/admin/rebuild");
        Instant started = Instant.now();
        Bench.log("rebuild started at " + label);
        while (status.path("state").asText().equals("running")
                && Duration.between(started, Instant.now()).toMinutes() < 45) {
            Lag.sleep(1000);
            status = send("GET", "/admin/rebuild");
        }
        double cpu = Machine.cpuSeconds(pid) - cpuBefore;
        if (!status.path("state").asText().equals("done")) {
            throw new IllegalStateException("rebuild ended " + status);
        }
        Instant from = Instant.parse(status.path("startedAt").asText());
        Instant to = Instant.parse(status.path("finishedAt").asText());
        long records = status.path("records").asLong();
        double seconds = Duration.between(from, to).toMillis() / 1000d;
        double rate = records / seconds;
        Bench.log("rebuild replayed " + records + " records in " + Report.number(seconds) + " s");
        Figure figure = Figure.of("rebuild", "rebuild replay rate at " + label, rate, "events/s",
                        Report.number(records) + " records replayed in " + Report.number(seconds) + " s; "
                                + Report.number(cpu) + " CPU s of metrics-service")
                .against("Kafka consume rate", report.value("baseline", "Kafka consume rate"));
        if (largestRebuild == null || records >= recordsOfLargest) {
            largestRebuild = figure;
            recordsOfLargest = records;
            largestGeneration = status.path("generation").asText();
        }
        report.add(figure);
    }

    private long recordsOfLargest;
    /** The store generation the largest rebuild filled. */
    private String largestGeneration;

    private JsonNode send(String method, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(funnel.baseUrl(Service.METRICS) + path))
                    .header("Authorization", "Bearer " + admin).method(method, HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
