package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.metrics.domain.LeadFold;
import io.leadfunnel.metrics.domain.LeadHistory;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Folds one lead's events of a batch onto its stored document: onto the stored fold while each event comes after the
 * kept ones in business order, and by parsing the stored events once and folding everything again otherwise.
 */
final class BatchFold {

    private BatchFold() {
    }

    /**
     * @param doc    the lead's document, null when it has none yet
     * @param events the batch's events of the lead, in the order they were read
     * @param ids    receives the ids of the events not kept yet
     * @param jsons  receives those events as stored
     * @return the fold state after the new events (meaningless when {@code ids} stays empty)
     */
    static LeadFold.State of(String leadId, Document doc, List<FunnelEvent> events, List<String> ids,
                             List<String> jsons) {
        Set<String> known = new HashSet<>(doc == null ? List.of() : doc.getList("eventIds", String.class, List.of()));
        Document stored = doc == null ? null : doc.get(FactDocument.FIELD, Document.class);
        LeadFold fold = doc == null ? LeadFold.empty(leadId)
                : stored == null ? null : LeadFold.resume(FactDocument.decode(leadId, stored));
        LeadHistory history = null;
        List<FunnelEvent> added = new ArrayList<>();
        for (FunnelEvent event : events) {
            if (!LeadHistory.isKept(event) || !known.add(event.eventId().toString())) {
                continue;
            }
            FunnelEvent kept = LeadHistory.withoutPersonalData(event);
            if (history == null && fold != null && fold.canAppend(kept)) {
                fold = fold.append(kept);
            } else {
                if (history == null) {
                    history = doc == null ? new LeadHistory(leadId) : FactRepository.history(doc);
                    added.forEach(history::apply);
                }
                history.apply(kept);
            }
            added.add(kept);
            ids.add(event.eventId().toString());
            jsons.add(FunnelJson.write(kept));
        }
        return history != null ? history.fold().state() : fold.state();
    }
}
