package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadFold;
import io.leadfunnel.metrics.domain.LeadHistory;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Folds one lead's events of a batch onto its stored document: onto the stored fold while each event comes after the
 * kept ones in business order, and by parsing the stored events once and folding everything again otherwise. A
 * document is usually read without its events ({@link FactRepository#EVENTS}, which only grow); only a lead that needs
 * them is read again in full.
 *
 * @param before   the lead's fact before the batch
 * @param after    the fold state after the batch (meaningless when {@link #changed()} is false)
 * @param outcomes each event's outcome, in the order given
 * @param ids      the ids of the events not kept yet, to be stored
 * @param jsons    those events as stored
 */
record BatchFold(LeadFact before, LeadFold.State after, List<FactRepository.Outcome> outcomes, List<String> ids,
                 List<String> jsons) {

    /** Whether the batch adds any event to the lead. */
    boolean changed() {
        return !ids.isEmpty();
    }

    /**
     * @param doc        the lead's document, null when it has none yet
     * @param withEvents whether {@code doc} was read with its stored events
     * @param events     the batch's events of the lead, in the order they were read
     * @return the fold, or null when it needs the stored events and {@code doc} was read without them
     */
    static BatchFold of(String leadId, Document doc, boolean withEvents, List<FunnelEvent> events) {
        Set<String> known = new HashSet<>(doc == null ? List.of() : doc.getList("eventIds", String.class, List.of()));
        Document stored = doc == null ? null : doc.get(FactDocument.FIELD, Document.class);
        LeadFold fold = doc == null ? LeadFold.empty(leadId)
                : stored == null ? null : LeadFold.resume(FactDocument.decode(leadId, stored));
        if (fold == null && !withEvents) {
            return null;
        }
        LeadHistory history = null;
        LeadFact before = fold != null ? fold.fact() : FactRepository.history(doc).fact();
        List<FactRepository.Outcome> outcomes = new ArrayList<>();
        List<FunnelEvent> added = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> jsons = new ArrayList<>();
        for (FunnelEvent event : events) {
            if (!LeadHistory.isKept(event)) {
                outcomes.add(FactRepository.Outcome.IGNORED);
                continue;
            }
            if (!known.add(event.eventId().toString())) {
                outcomes.add(FactRepository.Outcome.DUPLICATE);
                continue;
            }
            FunnelEvent kept = LeadHistory.withoutPersonalData(event);
            if (history == null && fold != null && fold.canAppend(kept)) {
                fold = fold.append(kept);
            } else {
                if (history == null) {
                    if (doc != null && !withEvents) {
                        return null;
                    }
                    history = doc == null ? new LeadHistory(leadId) : FactRepository.history(doc);
                    added.forEach(history::apply);
                }
                history.apply(kept);
            }
            added.add(kept);
            outcomes.add(FactRepository.Outcome.APPLIED);
            ids.add(event.eventId().toString());
            jsons.add(FunnelJson.write(kept));
        }
        LeadFold.State after = ids.isEmpty() ? null : history != null ? history.fold().state() : fold.state();
        return new BatchFold(before, after, outcomes, ids, jsons);
    }
}
