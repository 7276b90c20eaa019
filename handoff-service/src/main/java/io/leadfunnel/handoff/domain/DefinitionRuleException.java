package io.leadfunnel.handoff.domain;

/** A definition change that its life rules forbid (editing an active version, a second approval by one person...). */
public class DefinitionRuleException extends RuntimeException {

    public DefinitionRuleException(String message) {
        super(message);
    }
}
