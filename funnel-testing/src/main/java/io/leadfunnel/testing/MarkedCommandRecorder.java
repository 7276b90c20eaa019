package io.leadfunnel.testing;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the MongoDB commands that name a test's leads while it is recording, by command and collection
 * ({@code "find lead_scores"}). A consumer's version-guarded bulk write (funnel-runtime's {@code VersionedBulkWrite}:
 * upserts of new leads, writes of changed fields that set {@code writeToken}) is marked as such
 * ({@code "update lead_scores versioned"}), and the read of the write tokens that follows one that lost a race too
 * ({@code "find lead_scores tokens"}). A consumer runs on its own threads, so commands are told apart by what they
 * name (a lead-id prefix), not by thread: background passes and the other tests' leads are not counted, except what a
 * background pass sends for the test's leads (a relay's clearing of their outboxes, a plain {@code "update
 * lead_scores"}).
 * {@link MongoCommandCounter} counts what the calling thread sends, which does not see a consumer's commands.
 */
@Singleton
public class MarkedCommandRecorder implements CommandListener {

    private final Map<String, Integer> counted = new ConcurrentHashMap<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> afterFirstRead = new AtomicReference<>();
    private volatile String marker;

    /** Starts counting the commands whose text contains {@code marker}. */
    public void start(String marker) {
        counted.clear();
        commands.clear();
        this.marker = marker;
    }

    /**
     * Runs {@code race} once, on the reading thread, right after the next {@code find} counted has been answered: a
     * writer that comes between a read and the write that follows it.
     */
    public void afterNextRead(Runnable race) {
        afterFirstRead.set(race);
    }

    /** The text of the commands counted, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Stops counting; the commands counted since {@link #start}, by command and collection. */
    public Map<String, Integer> stop() {
        marker = null;
        return new TreeMap<>(counted);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String looking = marker;
        if (looking == null) {
            return;
        }
        String json = event.getCommand().toJson();
        if (!json.contains(looking)) {
            return;
        }
        var target = event.getCommand().get(event.getCommandName());
        String collection = target != null && target.isString() ? " " + target.asString().getValue() : "";
        counted.merge(event.getCommandName() + collection + kind(event.getCommandName(), json), 1, Integer::sum);
        commands.add(json);
        if (event.getCommandName().equals("find")) {
            reading.set(event.getRequestId());
        }
    }

    /** Marks a consumer's version-guarded bulk write, and the read of its write tokens. */
    private static String kind(String command, String json) {
        if (command.equals("update") && (json.contains("\"upsert\": true") || json.contains("\"writeToken\""))) {
            return " versioned";
        }
        if (command.equals("find") && json.contains("\"projection\": {\"writeToken\"")) {
            return " tokens";
        }
        return "";
    }

    private final ThreadLocal<Integer> reading = new ThreadLocal<>();

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        Integer read = reading.get();
        if (read != null && read == event.getRequestId()) {
            reading.remove();
            Runnable race = afterFirstRead.getAndSet(null);
            if (race != null) {
                race.run();
            }
        }
    }
}
