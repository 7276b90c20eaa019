package io.leadfunnel.runtime.outbox;

import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides what each relay pass publishes, without threads or CDI: the outboxes writers handed over
 * ({@link OutboxSignal#stored}), read from memory, or a sweep that reads the store's pending outboxes
 * ({@link OutboxStore#pending}) at start, after a failure, after an erasure, when the handed outboxes overflowed,
 * and every {@code sweepInterval}.
 *
 * <p>It remembers, per lead, the events the broker acknowledged and the newest version published, so a later snapshot
 * that still lists them (taken before they were cleared) does not publish them again, and a snapshot older than one
 * already published is dropped. The memory is bounded: forgetting a lead costs at most a duplicate, which consumers
 * drop by event id.
 */
final class OutboxDispatcher {

    private final OutboxStore store;
    private final OutboxSignal signal;
    private final OutboxPublisher publisher;
    private final int batchSize;
    private final long sweepIntervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Remembered> acknowledged;
    /** The outboxes of the current pass as sent (without events already acknowledged), to what was read. */
    private final Map<PendingOutbox, Read> sent = new IdentityHashMap<>();
    private boolean sweeping = true;
    private long nextSweep;
    private int finishedThisPass;
    private volatile int inFlight;
    private volatile long sweptBacklog;

    OutboxDispatcher(OutboxStore store, OutboxSignal signal, Duration sendTimeout, int batchSize,
                     Duration sweepInterval, int memoryLimit, LongSupplier nanoTime) {
        this.store = store;
        this.signal = signal;
        this.publisher = new OutboxPublisher(new Remembering(), sendTimeout);
        this.batchSize = batchSize;
        this.sweepIntervalNanos = sweepInterval.toNanos();
        this.nanoTime = nanoTime;
        this.nextSweep = nanoTime.getAsLong();
        this.acknowledged = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > memoryLimit;
            }
        };
    }

    /**
     * One pass: a sweep batch when a sweep is due, the handed outboxes otherwise.
     *
     * @return the number of events the broker acknowledged
     * @throws OutboxPublisher.PublishFailedException after clearing what was acknowledged; call {@link #failed()}
     */
    int pass(Supplier<? extends Producer<String, String>> producers) throws InterruptedException {
        // taken on every pass: a request is met by the sweep pass that reads the store after it
        boolean requested = signal.takeSweepRequest();
        if (sweeping || requested || nanoTime.getAsLong() - nextSweep >= 0) {
            sweeping = true;
            return sweep(producers);
        }
        long rewrites = signal.rewrites();
        List<PendingOutbox> batch = signal.handed().take(batchSize);
        if (batch.isEmpty()) {
            return 0;
        }
        inFlight = batch.size();
        try {
            List<PendingOutbox> fresh = new ArrayList<>(batch.size());
            for (PendingOutbox outbox : batch) {
                Remembered known = acknowledged.get(outbox.leadId());
                if (known == null || !known.covers(outbox)) {
                    fresh.add(outbox);
                }
            }
            if (fresh.isEmpty()) {
                return 0;
            }
            // the producer first: an erasure from here on closes it, so nothing taken before it can be sent
            Producer<String, String> producer = producers.get();
            if (signal.rewrites() != rewrites) {
                return 0; // taken before an erasure rewrote them; the sweep it asked for publishes the stored events
            }
            return publish(producer, fresh);
        } finally {
            inFlight = 0;
        }
    }

    private int sweep(Supplier<? extends Producer<String, String>> producers) throws InterruptedException {
        long rewrites = signal.rewrites();
        List<PendingOutbox> found = store.pending(batchSize);
        // under load every lead just written is pending in the store and waiting in the handed outboxes too, so a full
        // batch says nothing about what else is stored: the sweep goes on only while it finds outboxes no writer of
        // this process handed over (left by a crash, another instance, a failed pass or an overflow), and the handed
        // passes take the rest; otherwise one sweep would scan again and again for as long as the load lasts
        boolean more = found.size() >= batchSize
                && found.stream().anyMatch(outbox -> !signal.handed().contains(outbox.leadId()));
        long waiting = more ? store.pendingCount() : found.stream().filter(o -> !o.events().isEmpty()).count();
        sweptBacklog = waiting;
        if (found.isEmpty()) {
            finishedThisPass = 0;
        } else {
            Producer<String, String> producer = producers.get();
            if (signal.rewrites() != rewrites) {
                return 0; // read before an erasure rewrote it: sweep again
            }
            return finishSweep(more, waiting, publish(producer, found));
        }
        return finishSweep(more, waiting, 0);
    }

    private int finishSweep(boolean more, long waiting, int count) {
        sweptBacklog = Math.max(0, waiting - finishedThisPass);
        if (!more) {
            sweeping = false;
            nextSweep = nanoTime.getAsLong() + sweepIntervalNanos;
        }
        return count;
    }

    private int publish(Producer<String, String> producer, List<PendingOutbox> outboxes) throws InterruptedException {
        sent.clear();
        finishedThisPass = 0;
        List<PendingOutbox> batch = new ArrayList<>(outboxes.size());
        for (PendingOutbox outbox : outboxes) {
            Remembered known = acknowledged.get(outbox.leadId());
            int skip = known == null ? 0 : known.acknowledgedPrefix(outbox);
            PendingOutbox toSend = skip == 0 ? outbox
                    : new PendingOutbox(outbox.leadId(), outbox.readVersion(),
                    outbox.events().subList(skip, outbox.events().size()));
            sent.put(toSend, new Read(outbox, skip));
            batch.add(toSend);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            return publisher.publish(producer, batch);
        } finally {
            sent.clear();
        }
    }

    /** A pass failed (broker or store): the next pass sweeps, since what is stored is all the relay can trust. */
    void failed() {
        inFlight = 0;
        sweeping = true;
    }

    /** Nanoseconds until the timer's next sweep; zero when a sweep is due or under way. */
    long untilNextSweep() {
        return sweeping ? 0 : Math.max(0, nextSweep - nanoTime.getAsLong());
    }

    /** Whether the next pass has nothing to do before it is woken or the sweep timer fires. */
    boolean idle() {
        return !sweeping && !signal.sweepRequested() && signal.handed().isEmpty();
    }

    /**
     * Leads with events waiting: handed over and not yet published, plus what the last sweep found and did not
     * publish (a lead in both counts twice until it is published).
     */
    long pendingLeads() {
        return signal.handed().size() + inFlight + sweptBacklog;
    }

    /** What the relay read for a lead, and how many of its first events the broker had acknowledged before. */
    private record Read(PendingOutbox outbox, int skipped) {
    }

    /** The events of one lead the broker acknowledged that its outbox may still list. */
    private static final class Remembered {
        private long version;
        private Set<String> eventIds = new HashSet<>();

        /** Whether {@code outbox} can add nothing: older than what was published, or all of it acknowledged. */
        boolean covers(PendingOutbox outbox) {
            if (outbox.readVersion() < version) {
                return true;
            }
            return outbox.readVersion() == version
                    && outbox.events().stream().allMatch(e -> eventIds.contains(e.eventId()));
        }

        /** How many of the outbox's first events were acknowledged already. */
        int acknowledgedPrefix(PendingOutbox outbox) {
            int prefix = 0;
            while (prefix < outbox.events().size() && eventIds.contains(outbox.events().get(prefix).eventId())) {
                prefix++;
            }
            return prefix;
        }

        void record(PendingOutbox read, List<String> acknowledgedIds) {
            if (read.readVersion() >= version) {
                // what the newer snapshot no longer lists was cleared: no later snapshot lists it again
                Set<String> listed = new HashSet<>();
                read.events().forEach(e -> listed.add(e.eventId()));
                eventIds.retainAll(listed);
                version = read.readVersion();
            }
            eventIds.addAll(acknowledgedIds);
        }
    }

    /**
     * The store as the publisher sees it: what it reports as acknowledged is remembered, and cleared as the whole
     * snapshot read, with the events skipped because they were acknowledged before.
     */
    private final class Remembering implements OutboxStore {

        @Override
        public String topic() {
            return store.topic();
        }

        @Override
        public List<PendingOutbox> pending(int limit) {
            throw new UnsupportedOperationException("the publisher only publishes what it is given");
        }

        @Override
        public void published(List<Published> published) {
            List<Published> cleared = new ArrayList<>(published.size());
            for (Published lead : published) {
                Read read = sent.get(lead.outbox());
                if (read == null) {
                    read = new Read(lead.outbox(), 0);
                }
                List<String> ids = new ArrayList<>(read.skipped() + lead.eventIds().size());
                read.outbox().events().subList(0, read.skipped()).forEach(e -> ids.add(e.eventId()));
                ids.addAll(lead.eventIds());
                Published whole = new Published(read.outbox(), ids);
                if (!lead.eventIds().isEmpty()) {
                    acknowledged.computeIfAbsent(read.outbox().leadId(), k -> new Remembered())
                            .record(read.outbox(), lead.eventIds());
                }
                if (whole.all()) {
                    finishedThisPass++;
                }
                cleared.add(whole);
            }
            store.published(cleared);
        }

        @Override
        public long pendingCount() {
            return store.pendingCount();
        }
    }
}
