package io.leadfunnel.handoff;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the MongoDB commands one thread sends while it is recording, by command and collection ("find lifecycles").
 * The driver reports a command on the thread that sends it, so the relay, the SLA timer and the consumers running
 * beside a test are not counted.
 */
@Singleton
public class MongoCommandCounter implements CommandListener {

    private final ThreadLocal<Map<String, Integer>> recording = new ThreadLocal<>();

    /** Starts counting the calling thread's commands. */
    public void start() {
        recording.set(new TreeMap<>());
    }

    /** Stops counting; the commands sent since {@link #start()}, by command and collection. */
    public Map<String, Integer> stop() {
        Map<String, Integer> counted = recording.get();
        recording.remove();
        return counted == null ? Map.of() : counted;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        Map<String, Integer> counted = recording.get();
        if (counted != null) {
            var target = event.getCommand().get(event.getCommandName());
            String collection = target != null && target.isString() ? " " + target.asString().getValue() : "";
            counted.merge(event.getCommandName() + collection, 1, Integer::sum);
        }
    }
}
