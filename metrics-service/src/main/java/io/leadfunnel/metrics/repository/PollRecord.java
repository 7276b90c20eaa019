package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadRecord;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * One lead's events of a poll taken into its stored record.
 *
 * @param before   the lead's fact before the poll
 * @param after    the record after the poll
 * @param outcomes each event's outcome, in the order given
 * @param changed  whether the document has to be written: an event changed the record, or the document is still in
 *                 the earlier layout (its events, no record) and gets its record now
 */
record PollRecord(LeadFact before, LeadRecord after, List<LeadRecord.Outcome> outcomes, boolean changed) {

    /**
     * @param doc    the lead's document, null when it has none yet; one in the earlier layout must have been read with
     *               its events
     * @param events the poll's events of the lead, in the order they were read
     */
    static PollRecord of(String leadId, Document doc, List<FunnelEvent> events) {
        LeadRecord stored = doc == null ? new LeadRecord(leadId) : FactRepository.record(doc);
        LeadRecord after = stored.copy();
        List<LeadRecord.Outcome> outcomes = new ArrayList<>(events.size());
        boolean changed = doc != null && !doc.containsKey(RecordDocument.FIELD);
        for (FunnelEvent event : events) {
            LeadRecord.Outcome outcome = after.apply(event);
            outcomes.add(outcome);
            changed |= outcome == LeadRecord.Outcome.APPLIED;
        }
        return new PollRecord(stored.fact(), after, outcomes, changed);
    }
}
