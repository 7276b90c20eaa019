package io.leadfunnel.handoff;

import io.leadfunnel.handoff.config.HandoffConfig;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.LeadFacts;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.service.DefinitionService;
import io.leadfunnel.handoff.service.OpenHandoffTally;
import io.leadfunnel.handoff.service.RoutingService;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The definition and routing services without a store, for plain JUnit tests of the lifecycle use cases. */
public final class StandInServices {

    /** The queue {@link #toInboundQueue()} routes every lead to. */
    public static final String INBOUND = "inbound";

    /** The settings the services read when built: only the cache's refresh interval. */
    private static final HandoffConfig CONFIG = new HandoffConfig() {
        @Override
        public Sla sla() {
            return null;
        }

        @Override
        public Routing routing() {
            return null;
        }

        @Override
        public Cache cache() {
            return () -> Duration.ofSeconds(5);
        }
    };

    private StandInServices() {
    }

    /** The default definition, always active. */
    public static DefinitionService defaultDefinitionOnly() {
        return new DefinitionService(null, Clock.systemUTC(), CONFIG) {
            @Override
            public Optional<AgreedLeadDefinition> active() {
                return Optional.of(DefaultDefinition.content());
            }
        };
    }

    /** Routes every lead to the {@value #INBOUND} queue. */
    public static RoutingService toInboundQueue() {
        return new RoutingService(null, null, CONFIG) {
            @Override
            public RoutingDecision route(LeadFacts facts, OpenHandoffTally open) {
                return RoutingDecision.queue(INBOUND, "fallback", null);
            }
        };
    }
}
