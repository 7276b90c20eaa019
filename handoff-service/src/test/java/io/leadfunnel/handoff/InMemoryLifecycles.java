package io.leadfunnel.handoff;

import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.runtime.outbox.OutboxSignal;
import io.leadfunnel.runtime.store.DueTimeIndex;
import io.leadfunnel.runtime.store.VersionedBulkWrite;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lifecycles in memory, with the version checks of the real store, for plain JUnit tests of the consumers and the
 * lifecycle use cases: it records what was read and written, and can be told that another writer wrote a lead
 * ({@link #writtenElsewhere}), that the next writes lose their race, or that reading a lead fails.
 */
public final class InMemoryLifecycles extends LifecycleRepository {

    private record Stored(LeadLifecycle.State state, long version) {
    }

    /** The lifecycle events of every write that won, in the order written. */
    public final List<LifecycleEvent> published = new ArrayList<>();
    /** The leads of each read: one lead for a single read, a poll's leads for a read of many. */
    public final List<Set<String>> reads = new ArrayList<>();
    /** The lead of each write, won or lost. */
    public final List<String> writes = new ArrayList<>();
    private final Map<String, Stored> stored = new HashMap<>();
    private int racesToLose;
    private Runnable afterNextRead;
    private String unreadable;
    private RuntimeException readFailure;

    public InMemoryLifecycles() {
        super(null, Clock.systemUTC(), null, new OutboxSignal(), new DueTimeIndex(1_000));
    }

    /** The next {@code n} writes find that another writer came first. */
    public synchronized void loseNextRaces(int n) {
        racesToLose = n;
    }

    /** Reading {@code leadId} fails with {@code failure} from now on. */
    public synchronized void failReadsOf(String leadId, RuntimeException failure) {
        unreadable = leadId;
        readFailure = failure;
    }

    /** Runs {@code work} once, right after the next read: another writer acting between a read and its write. */
    public synchronized void afterNextRead(Runnable work) {
        afterNextRead = work;
    }

    /** Another writer (another instance) wrote {@code leadId}: its version moves on, its state stays. */
    public synchronized void writtenElsewhere(String leadId) {
        Stored lead = stored.get(leadId);
        stored.put(leadId, new Stored(lead.state(), lead.version() + 1));
    }

    /** The stored version of {@code leadId}, 0 when not stored. */
    public synchronized long version(String leadId) {
        Stored lead = stored.get(leadId);
        return lead == null ? 0 : lead.version();
    }

    @Override
    public Optional<Loaded> find(String leadId) {
        Optional<Loaded> found;
        synchronized (this) {
            reads.add(Set.of(leadId));
            failIfUnreadable(List.of(leadId));
            Stored lead = stored.get(leadId);
            found = lead == null ? Optional.empty()
                    : Optional.of(new Loaded(new LeadLifecycle(lead.state()), lead.version()));
        }
        runAfterRead();
        return found;
    }

    @Override
    public synchronized boolean save(Loaded loaded) {
        return write(loaded);
    }

    @Override
    public Map<String, Read> findAll(Collection<String> leadIds) {
        Map<String, Read> found = new LinkedHashMap<>();
        synchronized (this) {
            reads.add(Set.copyOf(leadIds));
            failIfUnreadable(leadIds);
            for (String leadId : leadIds) {
                Stored lead = stored.get(leadId);
                if (lead != null) {
                    found.put(leadId, new Read(lead.state(), lead.version(), List.of(), null));
                }
            }
        }
        runAfterRead();
        return found;
    }

    @Override
    public synchronized VersionedBulkWrite.Result saveAll(List<Change> changes) {
        Set<String> written = new LinkedHashSet<>();
        Set<String> conflicted = new LinkedHashSet<>();
        for (Change change : changes) {
            String leadId = change.loaded().lifecycle().leadId();
            (write(change.loaded()) ? written : conflicted).add(leadId);
        }
        return new VersionedBulkWrite.Result(written, conflicted, Map.of());
    }

    private boolean write(Loaded loaded) {
        String leadId = loaded.lifecycle().leadId();
        writes.add(leadId);
        if (loaded.version() != version(leadId)) {
            return false;
        }
        if (racesToLose > 0) {
            racesToLose--;
            writtenElsewhere(leadId);
            return false;
        }
        stored.put(leadId, new Stored(loaded.lifecycle().state(), loaded.version() + 1));
        published.addAll(loaded.lifecycle().pendingEvents());
        return true;
    }

    private void failIfUnreadable(Collection<String> leadIds) {
        if (readFailure != null && leadIds.contains(unreadable)) {
            throw readFailure;
        }
    }

    private void runAfterRead() {
        Runnable work;
        synchronized (this) {
            work = afterNextRead;
            afterNextRead = null;
        }
        if (work != null) {
            work.run();
        }
    }
}
