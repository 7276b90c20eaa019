package io.leadfunnel.testing;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the MongoDB commands a piece of test code sends, through the driver's command listener. Only the commands
 * sent from the calling thread while that code runs are counted: the driver reports a command on the thread that
 * sends it, so the outbox relay, the consumers, the timers and the other tests running meanwhile are left out. A
 * command is named with its collection when it has one ({@code "insert leads"}, {@code "find lifecycles"}).
 * <pre>
 * &#64;Inject MongoCommandCounter counter;
 * List&lt;String&gt; sent = counter.commandsOf(() -&gt; intake.capture(change));
 * </pre>
 * The Quarkus MongoDB client takes every {@link CommandListener} of the application index as a listener; a service's
 * tests have it indexed with {@code %test.quarkus.index-dependency.funnel-testing.*} (see the README).
 */
@Singleton
public class MongoCommandCounter implements CommandListener {

    private final ThreadLocal<List<String>> recording = new ThreadLocal<>();
    private final ThreadLocal<Boolean> whole = new ThreadLocal<>();

    /** The commands {@code work} sent from the calling thread, in the order they were sent. */
    public List<String> commandsOf(Runnable work) {
        return recorded(work, false);
    }

    /** The commands {@code work} sent from the calling thread, each as its whole text (JSON), in order. */
    public List<String> textsOf(Runnable work) {
        return recorded(work, true);
    }

    private List<String> recorded(Runnable work, boolean text) {
        List<String> sent = new ArrayList<>();
        recording.set(sent);
        whole.set(text);
        try {
            work.run();
        } finally {
            recording.remove();
            whole.remove();
        }
        return sent;
    }

    /** The commands {@code work} sent from the calling thread, counted by name and sorted by it. */
    public Map<String, Integer> countsOf(Runnable work) {
        Map<String, Integer> counts = new TreeMap<>();
        commandsOf(work).forEach(command -> counts.merge(command, 1, Integer::sum));
        return counts;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        List<String> sent = recording.get();
        if (sent != null) {
            sent.add(Boolean.TRUE.equals(whole.get()) ? event.getCommand().toJson() : nameOf(event));
        }
    }

    private static String nameOf(CommandStartedEvent event) {
        // a command on a collection names it as its first value: {"find": "lifecycles", ...}
        var target = event.getCommand().get(event.getCommandName());
        return target != null && target.isString()
                ? event.getCommandName() + " " + target.asString().getValue() : event.getCommandName();
    }
}
