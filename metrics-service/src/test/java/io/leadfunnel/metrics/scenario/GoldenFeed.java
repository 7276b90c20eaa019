package io.leadfunnel.metrics.scenario;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.ScoreEvent;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.TopicWriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Publishes the golden scenario to the real topics, once per test application. */
public final class GoldenFeed {

    private static boolean published;

    private GoldenFeed() {
    }

    public static String topicOf(FunnelEvent event) {
        return event instanceof LeadEvent ? Topics.LEAD_EVENTS
                : event instanceof ScoreEvent ? Topics.LEAD_SCORES : Topics.LEAD_LIFECYCLE;
    }

    /**
     * The scenario in the worst order across topics: all of lead.lifecycle first, newest first, then lead.scores,
     * then lead.events, so the consumers see stage changes before the captures and scores they follow.
     */
    public static synchronized void publishOnce(FunnelInfrastructure infrastructure) {
        if (!published) {
            List<FunnelEvent> events = new ArrayList<>(GoldenScenario.events());
            Collections.reverse(events);
            List<FunnelEvent> order = new ArrayList<>();
            for (String topic : List.of(Topics.LEAD_LIFECYCLE, Topics.LEAD_SCORES, Topics.LEAD_EVENTS)) {
                events.stream().filter(e -> topicOf(e).equals(topic)).forEach(order::add);
            }
            publish(infrastructure, order);
            published = true;
        }
    }

    /**
     * Every event once more, interleaved the other way: lead by lead, each lead's events in business order, as the
     * producers would publish them.
     *
     * @return the number of events published
     */
    public static int publishDuplicatesInBusinessOrder(FunnelInfrastructure infrastructure) {
        List<FunnelEvent> events = GoldenScenario.events();
        publish(infrastructure, events);
        return events.size();
    }

    private static void publish(FunnelInfrastructure infrastructure, List<FunnelEvent> events) {
        try (TopicWriter writer = infrastructure.topicWriter()) {
            for (FunnelEvent event : events) {
                writer.send(topicOf(event), event);
            }
        }
    }
}
