package io.leadfunnel.handoff.domain;

import java.util.List;

/** Qualification refused: the definition's required checklist items that were not confirmed. */
public class ChecklistIncompleteException extends RuntimeException {

    private final List<ChecklistItem> missing;

    public ChecklistIncompleteException(List<ChecklistItem> missing) {
        super("checklist incomplete; missing: " + missing);
        this.missing = List.copyOf(missing);
    }

    public List<ChecklistItem> missing() {
        return missing;
    }
}
