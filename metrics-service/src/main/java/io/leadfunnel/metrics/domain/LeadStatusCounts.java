package io.leadfunnel.metrics.domain;

import java.util.List;

/**
 * Leads by status: open (LEAD, or RECYCLED back in nurturing), in progress (MQL, SAL), qualified (SQL, WON, LOST: sales
 * confirmed the qualification) and unqualified (DISQUALIFIED).
 */
public record LeadStatusCounts(long open, long inProgress, long qualified, long unqualified) {

    public static LeadStatusCounts of(List<LeadFact> leads) {
        long open = 0;
        long inProgress = 0;
        long qualified = 0;
        long unqualified = 0;
        for (LeadFact f : leads) {
            switch (f.currentStage()) {
                case LEAD, RECYCLED -> open++;
                case MQL, SAL -> inProgress++;
                case SQL, WON, LOST -> qualified++;
                case DISQUALIFIED -> unqualified++;
            }
        }
        return new LeadStatusCounts(open, inProgress, qualified, unqualified);
    }
}
