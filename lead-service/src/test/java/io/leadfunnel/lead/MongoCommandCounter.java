package io.leadfunnel.lead;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the MongoDB commands a piece of code sends, through the driver's command listener. Only the commands sent
 * from the calling thread are counted, so the relay, the consumers and the other tests running meanwhile are not.
 */
@ApplicationScoped
public class MongoCommandCounter implements CommandListener {

    private final ThreadLocal<List<String>> sent = new ThreadLocal<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        List<String> commands = sent.get();
        if (commands != null) {
            commands.add(event.getCommandName());
        }
    }

    /** The names of the commands {@code work} sent from this thread, in order. */
    public List<String> commandsOf(Runnable work) {
        List<String> commands = new ArrayList<>();
        sent.set(commands);
        try {
            work.run();
        } finally {
            sent.remove();
        }
        return commands;
    }
}
