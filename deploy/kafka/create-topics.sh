#!/bin/bash
# One-shot topic set-up for deploy/docker-compose.yml: creates the funnel's topics and their dead-letter topics
# (idempotent: existing topics are left as they are). Partitions bound how many instances of a service consume in
# parallel (see deploy/README.md, "Scaling"); every record is keyed by lead id.
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${TOPIC_PARTITIONS:-6}"
DLQ_PARTITIONS="${DLQ_PARTITIONS:-1}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-1}"
TOPICS=(lead.events lead.scores lead.lifecycle)
KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh

for topic in "${TOPICS[@]}"; do
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$topic" \
    --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
    --config cleanup.policy=delete --config retention.ms=-1
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$topic.dlq" \
    --partitions "$DLQ_PARTITIONS" --replication-factor "$REPLICATION" \
    --config retention.ms=2592000000
done
# The personal values of each lead (Topics.LEAD_PROFILES_CONFIG): compacted, so erasure's tombstone removes them
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic lead.profiles \
  --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
  --config cleanup.policy=compact --config segment.ms=3600000 --config max.compaction.lag.ms=86400000 \
  --config delete.retention.ms=86400000
# its dead letters keep key and cause, never the values (WithheldValueSerializer)
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic lead.profiles.dlq \
  --partitions "$DLQ_PARTITIONS" --replication-factor "$REPLICATION" \
  --config retention.ms=2592000000
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --list
