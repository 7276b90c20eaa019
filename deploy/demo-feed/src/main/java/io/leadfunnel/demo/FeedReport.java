package io.leadfunnel.demo;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the feed tells its log: one line per delivery and sales action, counted by name, and the summary at the end.
 * The CRM loop and the sales team write to it from their own threads.
 */
final class FeedReport {

    private final PrintStream out;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    FeedReport(PrintStream out) {
        this.out = out;
    }

    void count(String name) {
        count(name, 1);
    }

    void count(String name, int delta) {
        counts.computeIfAbsent(name, k -> new AtomicInteger()).addAndGet(delta);
    }

    int get(String name) {
        AtomicInteger v = counts.get(name);
        return v == null ? 0 : v.get();
    }

    /** A line prefixed with the UTC time of day; whole lines, whichever thread writes. */
    synchronized void log(String format, Object... args) {
        out.println(LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + " "
                + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    void summary() {
        log("summary: %d leads sent (%d HubSpot, %d Salesforce, %d generic), %d should qualify, %d not; "
                        + "%d duplicates/retries sent, %d absorbed; %d errors",
                get("leads"), get("hubspot"), get("salesforce"), get("generic"), get("good"), get("poor"),
                get("replays"), get("absorbed"), get("errors"));
        log("sales team: %d accepted, %d rejected, %d qualified (SQL), %d won (%d EUR), %d lost, %d refused actions",
                get("accepted"), get("rejected"), get("qualified"), get("won"), get("wonAmount"), get("lost"),
                get("refused"));
        log("see the funnel at http://127.0.0.1:8084/");
    }

    /** At most {@code n} characters, so a long title or problem body keeps the columns. */
    static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
