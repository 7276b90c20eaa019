package io.leadfunnel.lead.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
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
