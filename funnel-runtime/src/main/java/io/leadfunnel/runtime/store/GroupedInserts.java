package io.leadfunnel.runtime.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Inserts from concurrent callers written together: a caller's documents join the next unordered {@code insertMany},
 * which goes out as soon as the one in flight is answered, so under load many requests share one round trip and one
 * turn at the collection, and alone a caller waits for nothing but its own write. The caller that finds no write in
 * flight writes everything queued (up to {@code maxDocuments} at a time) and hands the results out; the others wait
 * for theirs. Each caller learns what became of its own documents only: a document the server refused (a duplicate
 * key) is reported by its position in the caller's list, and a failure of the whole write (the server unreachable, a
 * write-concern error) is thrown to every caller whose documents it carried.
 *
 * @param <T> the collection's document class
 */
public final class GroupedInserts<T> {

    /**
     * What became of one caller's documents.
     *
     * @param errors    the server's error by position in the caller's list; empty when all went in
     * @param exception the exception the write that carried them ended with, null when it had no error
     */
    public record Refused(Map<Integer, BulkWriteError> errors, MongoBulkWriteException exception) {
    }

    private final Supplier<MongoCollection<T>> collection;
    private final int maxDocuments;
    private final Object lock = new Object();
    private final List<Request<T>> queued = new ArrayList<>();
    private boolean writing;

    public GroupedInserts(Supplier<MongoCollection<T>> collection, int maxDocuments) {
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("a write needs room for at least one document: " + maxDocuments);
        }
        this.collection = collection;
        this.maxDocuments = maxDocuments;
    }

    /**
     * Inserts {@code documents}, together with whatever other callers queued meanwhile, and returns once they are
     * written.
     *
     * @return the documents the server refused, by position in {@code documents}
     * @throws RuntimeException the failure of the write that carried them
     */
    public Refused insert(List<T> documents) {
        if (documents.isEmpty()) {
            return new Refused(Map.of(), null);
        }
        Request<T> mine = new Request<>(documents);
        List<Request<T>> batch;
        synchronized (lock) {
            queued.add(mine);
            while (writing && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for an insert", e);
                }
            }
            if (mine.done) {
                return mine.outcome();
            }
            writing = true;
            batch = take();
        }
        // this caller writes until its own documents are written, then lets a waiting caller take over
        try {
            while (true) {
                write(batch);
                synchronized (lock) {
                    lock.notifyAll();
                    if (mine.done) {
                        return mine.outcome();
                    }
                    batch = take();
                }
            }
        } finally {
            synchronized (lock) {
                writing = false;
                lock.notifyAll();
            }
        }
    }

    /** Takes queued requests, whole, up to {@code maxDocuments} (at least one request). Holds the lock. */
    private List<Request<T>> take() {
        List<Request<T>> batch = new ArrayList<>();
        int documents = 0;
        while (!queued.isEmpty()
                && (batch.isEmpty() || documents + queued.get(0).documents.size() <= maxDocuments)) {
            Request<T> next = queued.remove(0);
            batch.add(next);
            documents += next.documents.size();
        }
        return batch;
    }

    private void write(List<Request<T>> batch) {
        List<T> all = new ArrayList<>();
        batch.forEach(request -> all.addAll(request.documents));
        Map<Integer, BulkWriteError> errors = new HashMap<>();
        MongoBulkWriteException refusals = null;
        RuntimeException failure = null;
        try {
            collection.get().insertMany(all, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                failure = e;
            } else {
                refusals = e;
                e.getWriteErrors().forEach(error -> errors.put(error.getIndex(), error));
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        int offset = 0;
        synchronized (lock) {
            for (Request<T> request : batch) {
                Map<Integer, BulkWriteError> own = new HashMap<>();
                for (int i = 0; i < request.documents.size(); i++) {
                    BulkWriteError error = errors.get(offset + i);
                    if (error != null) {
                        own.put(i, error);
                    }
                }
                offset += request.documents.size();
                request.finish(new Refused(own, own.isEmpty() ? null : refusals), failure);
            }
        }
    }

    /** One caller's documents and, once written, what became of them. */
    private static final class Request<T> {
        private final List<T> documents;
        private boolean done;
        private Refused refused;
        private RuntimeException failure;

        Request(List<T> documents) {
            this.documents = documents;
        }

        void finish(Refused refused, RuntimeException failure) {
            this.refused = refused;
            this.failure = failure;
            this.done = true;
        }

        Refused outcome() {
            if (failure != null) {
                throw failure;
            }
            return refused;
        }
    }
}
