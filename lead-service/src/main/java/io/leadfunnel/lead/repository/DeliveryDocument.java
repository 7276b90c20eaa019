package io.leadfunnel.lead.repository;

import io.quarkus.mongodb.panache.common.MongoEntity;
import org.bson.codecs.pojo.annotations.BsonId;

import java.time.Instant;
import java.util.List;

/**
 * A delivery already processed: a webhook event id, a Salesforce notification id, an {@code Idempotency-Key}. Lets a
 * replay answer at once without touching the leads. The lead writes are idempotent on their own; this record is the
 * fast path and the stored answer for idempotent requests.
 */
@MongoEntity(collection = "deliveries")
public class DeliveryDocument {

    /** {@code <channel>|<delivery id>}. */
    @BsonId
    public String id;
    /** Hash of the request body, to tell a true replay from a reused key with a different body. */
    public String requestHash;
    /** Leads the delivery created or changed. */
    public List<String> leadIds;
    /** HTTP status of the first answer. */
    public Integer status;
    /** Body of the first answer, where the API promises to repeat it. */
    public String response;
    public Instant receivedAt;
}
