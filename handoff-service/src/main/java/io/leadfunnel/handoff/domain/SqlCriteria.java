package io.leadfunnel.handoff.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SQL criteria: which checklist items sales must confirm before a lead is sales-qualified. */
public record SqlCriteria(Set<ChecklistItem> required) {

    public SqlCriteria {
        // an EnumSet keeps the checklist's order, so the definition reads the same every time
        required = required == null || required.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(required));
    }

    /** The required items without a (non-blank) answer, in checklist order. */
    public List<ChecklistItem> missing(Map<ChecklistItem, String> checklist) {
        List<ChecklistItem> missing = new ArrayList<>();
        for (ChecklistItem item : ChecklistItem.values()) {
            String answer = checklist == null ? null : checklist.get(item);
            if (required.contains(item) && (answer == null || answer.isBlank())) {
                missing.add(item);
            }
        }
        return missing;
    }
}
