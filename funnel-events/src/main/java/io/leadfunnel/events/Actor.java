package io.leadfunnel.events;

/**
 * Who or what caused a change.
 *
 * @param kind {@code SYSTEM} for rules and timers, {@code USER} for a person acting through the API
 * @param id   user name (JWT subject) or the component name, e.g. {@code mql-evaluator}
 */
public record Actor(Kind kind, String id) {

    /** Kinds of actor. */
    public enum Kind { SYSTEM, USER }

    public static Actor system(String component) {
        return new Actor(Kind.SYSTEM, component);
    }

    public static Actor user(String name) {
        return new Actor(Kind.USER, name);
    }
}
