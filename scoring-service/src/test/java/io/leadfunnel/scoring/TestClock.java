package io.leadfunnel.scoring;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Replaces the service's clock in Quarkus tests: it stands still unless a test moves it, so scores (which decay with
 * time) are exact. Shared by all test classes of the JVM; it only ever moves forward.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    public static final Instant START = Instant.parse("2026-03-04T08:45:00Z");

    private volatile Instant now = START;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }
}
