package io.leadfunnel.testing.domain;

import io.leadfunnel.events.FunnelEvent;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A domain test as given, when, expect: given an aggregate and the facts it took in before, when one command, expect
 * the events that command emitted (exactly those), or its refusal, or nothing.
 * <pre>
 * Scenario.given(() -&gt; LeadLifecycle.unknown("lead-1"), LeadLifecycle::pendingEvents)
 *         .with(lead -&gt; lead.captured(1, profile), lead -&gt; lead.scored(score))
 *         .when(lead -&gt; lead.evaluate(definition, now))
 *         .expect(LeadStageChanged.class, mql -&gt; assertThat(mql.to()).isEqualTo(Stage.MQL))
 *         .then(lead -&gt; assertThat(lead.allowedActions()).contains(LeadAction.ACCEPT));
 * </pre>
 * The command's events are those it appends to the aggregate's list of events not yet stored, so the prior facts'
 * events are never taken for the command's. A scenario is immutable and makes a new aggregate for every command run.
 *
 * @param <A> the aggregate
 * @param <E> the events it emits
 */
public final class Scenario<A, E extends FunnelEvent> {

    private final Supplier<? extends A> aggregate;
    private final Function<? super A, ? extends List<? extends E>> events;

    private Scenario(Supplier<? extends A> aggregate, Function<? super A, ? extends List<? extends E>> events) {
        this.aggregate = aggregate;
        this.events = events;
    }

    /**
     * @param aggregate makes the aggregate the scenario starts from, new or as stored
     * @param events    the aggregate's events not yet stored, oldest first; a command may only append to it
     */
    public static <A, E extends FunnelEvent> Scenario<A, E> given(
            Supplier<? extends A> aggregate, Function<? super A, ? extends List<? extends E>> events) {
        return new Scenario<>(aggregate, events);
    }

    /** The same scenario with more facts, taken in order before the command. */
    @SafeVarargs
    public final Scenario<A, E> with(Consumer<? super A>... facts) {
        return new Scenario<>(() -> {
            A subject = aggregate.get();
            List.of(facts).forEach(fact -> fact.accept(subject));
            return subject;
        }, events);
    }

    /** Takes in the prior facts, then runs the command; a command that throws is refused, and the outcome says why. */
    public Outcome<A, E, Void> when(Consumer<? super A> command) {
        return whenReturning(returningNothing(command));
    }

    /** As {@link #when}, for a command whose return value the test checks too. */
    public <R> Outcome<A, E, R> whenReturning(Function<? super A, ? extends R> command) {
        return new Outcome<>(aggregate.get(), events, command);
    }

    /** One event of {@link Outcome#expectEvents}: its type, and the assertions it must pass. */
    public static <T extends FunnelEvent> Expected<T> event(Class<T> type, Consumer<? super T> check) {
        return new Expected<>(type, check);
    }

    /** An expected event; see {@link #event}. */
    public record Expected<T extends FunnelEvent>(Class<T> type, Consumer<? super T> check) {
    }

    private static <A> Function<A, Void> returningNothing(Consumer<? super A> command) {
        return subject -> {
            command.accept(subject);
            return null;
        };
    }

    /** Runs a check, saying what it was about when it fails. */
    private static void meets(String what, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(what + " does not meet its expectation:\n" + e.getMessage(), e);
        }
    }

    /**
     * What one command did: the events it emitted, what it returned, or its refusal. A refusal that no
     * {@link #expectRefusal} accepted fails every other check, so an unexpected exception is never lost.
     */
    public static final class Outcome<A, E extends FunnelEvent, R> {

        private final A aggregate;
        private final Function<? super A, ? extends List<? extends E>> eventsOf;
        private final List<E> events;
        private R result;
        private RuntimeException refusal;
        private boolean refusalExpected;

        private Outcome(A aggregate, Function<? super A, ? extends List<? extends E>> eventsOf,
                        Function<? super A, ? extends R> command) {
            this.aggregate = aggregate;
            this.eventsOf = eventsOf;
            int before = eventsOf.apply(aggregate).size();
            try {
                result = command.apply(aggregate);
            } catch (RuntimeException e) {
                refusal = e;
            }
            List<? extends E> after = eventsOf.apply(aggregate);
            if (after.size() < before) {
                throw new IllegalStateException("the command removed events: a scenario reads the events it appends");
            }
            events = List.copyOf(after.subList(before, after.size()));
        }

        /** The command emitted exactly one event, of this type, and it passes the check. */
        public <T extends E> Outcome<A, E, R> expect(Class<T> type, Consumer<? super T> check) {
            return expectEvents(event(type, check));
        }

        /** The command was accepted and emitted nothing. */
        public Outcome<A, E, R> expectNothing() {
            return expectEvents();
        }

        /** The command emitted exactly these events, in this order, each passing its check. */
        @SafeVarargs
        public final Outcome<A, E, R> expectEvents(Expected<? extends E>... expected) {
            String wanted = expected.length == 0 ? "no event" : Stream.of(expected).map(e -> e.type().getSimpleName())
                    .collect(Collectors.joining(", ", expected.length + " event(s): ", ""));
            requireNoRefusal(wanted);
            boolean matches = expected.length == events.size();
            for (int i = 0; matches && i < expected.length; i++) {
                matches = expected[i].type().isInstance(events.get(i));
            }
            if (!matches) {
                throw new AssertionError("expected " + wanted + "\nbut the command emitted " + describe(events));
            }
            for (int i = 0; i < expected.length; i++) {
                check(expected[i], i);
            }
            return this;
        }

        /** The command was refused with this exception, its message containing {@code messagePart}. */
        public <X extends RuntimeException> Outcome<A, E, R> expectRefusal(Class<X> type, String messagePart) {
            return expectRefusal(type, refused -> {
                if (refused.getMessage() == null || !refused.getMessage().contains(messagePart)) {
                    throw new AssertionError("its message does not contain \"" + messagePart + "\"");
                }
            });
        }

        /** The command was refused with this exception, which passes the check, and emitted nothing before. */
        public <X extends RuntimeException> Outcome<A, E, R> expectRefusal(Class<X> type, Consumer<? super X> check) {
            if (!type.isInstance(refusal) || !events.isEmpty()) {
                throw new AssertionError("expected a refusal (" + type.getSimpleName() + ") and no event\nbut the "
                        + "command " + (refusal == null ? "was accepted, returned " + result : "was refused with "
                        + refusal) + " and emitted " + describe(events), refusal);
            }
            meets("the refusal " + refusal, () -> check.accept(type.cast(refusal)));
            refusalExpected = true;
            return this;
        }

        /** The command returned this value (by {@code equals}). */
        public Outcome<A, E, R> expectResult(R expected) {
            requireNoRefusal("the result " + expected);
            if (!Objects.equals(expected, result)) {
                throw new AssertionError("expected the command to return " + expected + "\nbut it returned " + result);
            }
            return this;
        }

        /** Assertions on the aggregate after the command. */
        public Outcome<A, E, R> then(Consumer<? super A> check) {
            return then((subject, returned) -> check.accept(subject));
        }

        /** Assertions on the aggregate after the command, and on what the command returned. */
        public Outcome<A, E, R> then(BiConsumer<? super A, ? super R> check) {
            requireNoRefusal("the command to be accepted");
            check.accept(aggregate, result);
            return this;
        }

        /** The next command on the same aggregate; its outcome holds only that command's events. */
        public Outcome<A, E, Void> andWhen(Consumer<? super A> command) {
            return andWhenReturning(returningNothing(command));
        }

        /** As {@link #andWhen}, for a command whose return value the test checks too. */
        public <S> Outcome<A, E, S> andWhenReturning(Function<? super A, ? extends S> command) {
            requireNoRefusal("the command to be accepted before the next one");
            return new Outcome<>(aggregate, eventsOf, command);
        }

        /** What the command returned, to carry into another scenario. */
        public R result() {
            requireNoRefusal("a result");
            return result;
        }

        private <T extends FunnelEvent> void check(Expected<T> expected, int index) {
            T event = expected.type().cast(events.get(index));
            meets("event " + (index + 1) + " of " + events.size() + ", " + event + ",",
                    () -> expected.check().accept(event));
        }

        private void requireNoRefusal(String wanted) {
            if (refusal != null && !refusalExpected) {
                throw new AssertionError("expected " + wanted + "\nbut the command was refused with " + refusal,
                        refusal);
            }
        }

        private static String describe(List<? extends FunnelEvent> events) {
            return events.isEmpty() ? "no event" : events.stream().map(e -> "\n  " + e)
                    .collect(Collectors.joining("", events.size() + " event(s):", ""));
        }
    }
}
