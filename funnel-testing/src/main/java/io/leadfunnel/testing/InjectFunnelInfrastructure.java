package io.leadfunnel.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link FunnelInfrastructure} field of a test class that uses {@link FunnelInfrastructureResource}; the
 * resource sets it, so the test can stop and start Kafka.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectFunnelInfrastructure {
}
