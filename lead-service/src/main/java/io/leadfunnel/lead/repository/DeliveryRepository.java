package io.leadfunnel.lead.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Processed deliveries and idempotency keys. */
@ApplicationScoped
public class DeliveryRepository implements PanacheMongoRepositoryBase<DeliveryDocument, String> {

    public void createIndexes() {
        mongoCollection().createIndex(Indexes.ascending("receivedAt"), new IndexOptions().name("received"));
    }

    public Optional<DeliveryDocument> find(String channel, String deliveryId) {
        return findByIdOptional(key(channel, deliveryId));
    }

    /** Records a processed delivery; a second record of the same key is ignored (the first answer stands). */
    public void record(DeliveryDocument delivery) {
        try {
            mongoCollection().insertOne(delivery);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** The recorded deliveries among these ids, by id, in one query. */
    public Map<String, DeliveryDocument> findAll(String channel, Collection<String> deliveryIds) {
        Map<String, DeliveryDocument> found = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return found;
        }
        List<String> keys = deliveryIds.stream().map(id -> key(channel, id)).toList();
        String prefix = channel + "|";
        for (DeliveryDocument doc : mongoCollection().find(Filters.in("_id", keys))) {
            found.put(doc.id.substring(prefix.length()), doc);
        }
        return found;
    }

    /** Records processed deliveries with one unordered write; a key recorded before keeps its first record. */
    public void recordAll(List<DeliveryDocument> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            mongoCollection().insertMany(records, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            if (e.getWriteConcernError() != null) {
                throw e;
            }
        }
    }

    /** Forgets deliveries older than the retention (senders stop retrying long before). */
    public long purgeOlderThan(Instant cutoff) {
        return mongoCollection().deleteMany(Filters.lt("receivedAt", cutoff)).getDeletedCount();
    }

    /**
     * Removes personal data from the stored answers that show an erased lead (idempotent API requests repeat their
     * first answer byte for byte; after an erasure they repeat it without the personal fields).
     */
    public long scrubAnswers(String leadId) {
        long scrubbed = 0;
        for (DeliveryDocument delivery : mongoCollection().find(Filters.and(Filters.eq("leadIds", leadId),
                Filters.ne("response", null)))) {
            String clean = PersonalData.scrub(delivery.response);
            if (!clean.equals(delivery.response)) {
                scrubbed += mongoCollection().updateOne(Filters.eq("_id", delivery.id),
                        Updates.set("response", clean)).getModifiedCount();
            }
        }
        return scrubbed;
    }

    public static String key(String channel, String deliveryId) {
        return channel + "|" + deliveryId;
    }
}
