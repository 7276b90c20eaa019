package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.Stage;

import java.util.Set;

/** An action that the lead's current stage does not allow; names the ones it does. */
public class IllegalActionException extends RuntimeException {

    private final Stage stage;
    private final LeadAction action;
    private final Set<LeadAction> allowed;

    public IllegalActionException(Stage stage, LeadAction action, Set<LeadAction> allowed) {
        super(action + " is not allowed in stage " + stage + "; allowed: " + allowed);
        this.stage = stage;
        this.action = action;
        this.allowed = Set.copyOf(allowed);
    }

    public Stage stage() {
        return stage;
    }

    public LeadAction action() {
        return action;
    }

    public Set<LeadAction> allowed() {
        return allowed;
    }
}
