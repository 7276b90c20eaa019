package io.leadfunnel.lead.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A lead's part in merging duplicates. A merge is two writes, the absorbed lead's and then the survivor's: the absorbed
 * lead keeps what it hands over until the survivor has taken it, and the survivor remembers whom it absorbed, so a
 * merge that a crash interrupted is completed later, once, without losing or doubling anything.
 *
 * @param mergedInto     the surviving lead this one was merged into, or null
 * @param pending        what this lead still has to hand to the survivor, or null once taken
 * @param mergedLeadIds  the leads merged into this one, in the order they were absorbed
 */
public record Merges(String mergedInto, PendingMerge pending, List<String> mergedLeadIds) {

    /** A lead that took part in no merge. */
    public static final Merges NONE = new Merges(null, null, List.of());

    public Merges {
        mergedLeadIds = mergedLeadIds == null ? List.of() : List.copyOf(mergedLeadIds);
    }

    /** Whether the lead was merged away; it takes no more changes then. */
    public boolean isMergedAway() {
        return mergedInto != null;
    }

    /** Whether {@code leadId} was absorbed already, so handing it over again changes nothing. */
    public boolean hasAbsorbed(String leadId) {
        return mergedLeadIds.contains(leadId);
    }

    /** The absorbed lead's side: merged into the survivor, holding what it hands over. */
    Merges handingOver(PendingMerge handover) {
        return new Merges(handover.survivorId(), handover, mergedLeadIds);
    }

    /** The survivor's side: one more lead absorbed. */
    Merges absorbed(String leadId) {
        List<String> ids = new ArrayList<>(mergedLeadIds);
        ids.add(leadId);
        return new Merges(mergedInto, pending, ids);
    }

    /** The survivor has taken everything; nothing is left to hand over. */
    Merges completed() {
        return new Merges(mergedInto, null, mergedLeadIds);
    }
}
