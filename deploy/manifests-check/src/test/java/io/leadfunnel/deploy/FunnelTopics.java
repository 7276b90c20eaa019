package io.leadfunnel.deploy;

import io.leadfunnel.events.Topics;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/** The topics of the event contract (every topic constant of {@link Topics}) and their dead-letter topics. */
final class FunnelTopics {

    private FunnelTopics() {
    }

    /** The topic constants of {@link Topics}: public static final Strings naming a topic (not the suffix). */
    static Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            int mod = field.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (!value.startsWith(".") && !value.equals(Topics.DEAD_LETTER_SUFFIX)) {
                        topics.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (topics.isEmpty()) {
            throw new AssertionError("no topic constants found in " + Topics.class.getName());
        }
        return topics;
    }

    /** Every topic and its dead-letter topic. */
    static Set<String> topicsWithDeadLetters() {
        Set<String> all = new TreeSet<>();
        for (String topic : topics()) {
            all.add(topic);
            all.add(Topics.deadLetter(topic));
        }
        return all;
    }
}
