package io.leadfunnel.lead.fuzz;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.leadfunnel.testing.fuzz.FuzzClient;
import io.leadfunnel.testing.fuzz.FuzzReport;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends fuzz inputs over one keep-alive HTTP client and checks each answer: never a 5xx, and a 4xx leaves the lead
 * store as it was (the number of leads, of delivery records and of outbox entries waiting to be published, read
 * directly from MongoDB). Keeps the counts for the fuzz report.
 */
final class FuzzHarness implements AutoCloseable {

    /** Inputs per endpoint family (the issue asks for at least 10,000). */
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 10_000);
    private static final int MAX_EXAMPLES = 5;
    /** Bodies larger than the smallest body limit of the service may be refused before they are read. */
    private static final int SMALLEST_BODY_LIMIT = 1 << 20;
    /** Every how many refused inputs the outbox entries are counted too. */
    static final int OUTBOX_EVERY = 4;

    private final String family;
    private final URI base;
    private final long seed;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final MongoClient mongo;
    private final MongoDatabase database;
    private final List<String> failures = new ArrayList<>();
    private long inputs;
    private long serverErrors;
    private long partialWrites;
    private long accepted;
    private long refusedUnread;
    private Counts known;
    private long httpNanos;
    private final java.util.TreeMap<String, long[]> byStatus = new java.util.TreeMap<>();
    private long checkNanos;

    FuzzHarness(String family, URI base, String mongoConnectionString, long seed) {
        this.family = family;
        this.base = base;
        this.seed = seed;
        this.mongo = MongoClients.create(mongoConnectionString);
        this.database = mongo.getDatabase(ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class));
    }

    /** What the store holds: leads, delivery records and outbox entries not yet published. */
    record Counts(long leads, long deliveries, long outbox) {
    }

    Counts counts() {
        return counts(true);
    }

    /**
     * The counts; the outbox entries only when asked (counting them reads every lead: the embedded MongoDB server
     * has no secondary indexes), else -1.
     */
    Counts counts(boolean withOutbox) {
        long outbox = withOutbox ? 0 : -1;
        if (!withOutbox) {
            return new Counts(database.getCollection("leads").estimatedDocumentCount(),
                    database.getCollection("deliveries").estimatedDocumentCount(), outbox);
        }
        for (Document lead : database.getCollection("leads").find(Filters.eq("outboxPending", true))
                .projection(Projections.include("outbox"))) {
            List<?> entries = lead.getList("outbox", Object.class);
            outbox += entries == null ? 0 : entries.size();
        }
        return new Counts(database.getCollection("leads").estimatedDocumentCount(),
                database.getCollection("deliveries").estimatedDocumentCount(), outbox);
    }

    /** The id of the lead with this e-mail address. */
    String leadIdByEmail(String email) {
        Document doc = database.getCollection("leads").find(Filters.eq("email", email)).first();
        if (doc == null) {
            throw new IllegalStateException("no lead has " + email);
        }
        return String.valueOf(doc.get("_id"));
    }

    /**
     * What a write to the lead changes, read straight from MongoDB: its event sequence and its last change (not the
     * version, which the outbox relay bumps when it removes published events).
     */
    String fingerprint(String leadId) {
        Document doc = database.getCollection("leads").find(Filters.eq("_id", leadId))
                .projection(Projections.include("sequence", "updatedAt")).first();
        return doc == null ? "absent" : doc.get("sequence") + "@" + doc.get("updatedAt");
    }

    /**
     * Sends one input and checks the answer.
     *
     * @param description what was sent, for the failure message (shortened)
     * @return the answer's status
     */
    int send(String method, String pathAndQuery, Map<String, String> headers, byte[] body, String description) {
        return send(method, pathAndQuery, headers, body, description, null);
    }

    /** As {@link #send}, also checking that {@code leadId}'s version did not change when the answer is a 4xx. */
    int send(String method, String pathAndQuery, Map<String, String> headers, byte[] body, String description,
             String leadId) {
        // lead and delivery counts around every input; outbox entries around every OUTBOX_EVERY-th one (counting
        // them reads every lead: the embedded MongoDB server has no secondary indexes)
        boolean withOutbox = inputs % OUTBOX_EVERY == 0;
        if (known == null || withOutbox) {
            known = counts(withOutbox);
        }
        String before = leadId == null ? null : fingerprint(leadId);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            return -1; // not a URI the client can send; nothing reached the service
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response;
        long started = System.nanoTime();
        try {
            // the service may close a kept-alive connection after refusing a large body unread; a sender retries
            response = FuzzClient.sendResending(http, request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (body != null && body.length > SMALLEST_BODY_LIMIT) {
                // refused before it was read: the service answers 413 and closes the connection while the client is
                // still sending, so the client may see only the close. What matters is that nothing was stored.
                inputs++;
                refusedUnread++;
                checkUnchanged(413, description, leadId, before, withOutbox);
                return 413;
            }
            if (method.length() + pathAndQuery.length() + " HTTP/1.1".length() + 1 > FuzzClient.LONG_REQUEST_HEAD) {
                // the HTTP layer answers a request line over its limit with 414 and closes the connection at once,
                // the body unread, before any route could drain it: the client may see only the reset
                inputs++;
                refusedUnread++;
                checkUnchanged(414, description, leadId, before, withOutbox);
                return 414;
            }
            // a refused connection is a server failure; the client refusing to send a header is not an input
            fail("I/O failure " + e, description);
            serverErrors++;
            inputs++;
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        inputs++;
        long took = System.nanoTime() - started;
        httpNanos += took;
        byStatus.merge(response.statusCode() + (body != null && body.length > 65536 ? " big" : ""),
                new long[]{1, took / 1_000_000}, (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
        long checkStarted = System.nanoTime();
        try {
            return check(response, description, leadId, before, withOutbox);
        } finally {
            checkNanos += System.nanoTime() - checkStarted;
        }
    }

    private int check(HttpResponse<String> response, String description, String leadId, String before,
                      boolean withOutbox) {
        int status = response.statusCode();
        if (status >= 500) {
            serverErrors++;
            fail(status + " " + shorten(response.body()), description);
        } else if (status >= 400) {
            checkUnchanged(status, description, leadId, before, withOutbox);
        } else {
            accepted++;
            known = null; // the store changed legitimately: count again before the next input
        }
        return status;
    }

    /** Counts a partial write when a refused input changed the store. */
    private void checkUnchanged(int status, String description, String leadId, String before, boolean withOutbox) {
        Counts after = counts(withOutbox);
        boolean leadChanged = leadId != null && !fingerprint(leadId).equals(before);
        if (after.leads() != known.leads() || after.deliveries() != known.deliveries()
                || (withOutbox && after.outbox() > known.outbox()) || leadChanged) {
            partialWrites++;
            fail(status + " but the store changed: " + known + " -> " + after
                    + (leadChanged ? ", lead " + leadId + " changed" : ""), description);
        }
        known = after;
    }

    private void fail(String what, String description) {
        if (failures.size() < MAX_EXAMPLES) {
            failures.add(what + " <- " + shorten(description));
        }
    }

    /** Writes the fuzz report and returns a summary line. */
    String report() {
        FuzzReport.write(family, inputs, serverErrors, partialWrites, seed);
        String summary = family + ": " + inputs + " inputs, " + accepted + " accepted, " + serverErrors
                + " server errors, " + partialWrites + " partial writes (seed " + seed + "); " + httpNanos / 1_000_000
                + " ms in HTTP, " + checkNanos / 1_000_000 + " ms checking the store (outbox entries on every "
                + OUTBOX_EVERY + "th input); " + refusedUnread
                + " oversized bodies or request lines refused before they were read";
        System.out.println(summary);
        byStatus.forEach((k, v) -> System.out.println("  " + family + " " + k + ": " + v[0] + " answers, " + v[1] + " ms"));
        return summary;
    }

    long inputs() {
        return inputs;
    }

    long serverErrors() {
        return serverErrors;
    }

    long partialWrites() {
        return partialWrites;
    }

    List<String> failures() {
        return failures;
    }

    static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }

    @Override
    public void close() {
        mongo.close();
    }
}
