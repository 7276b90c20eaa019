package io.leadfunnel.lead.repository;

import com.mongodb.client.model.Filters;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A search over leads for the sales-ops list: every criterion is optional and they all must hold. Values are always
 * compared as data, never read as query operators; the free text is matched literally.
 *
 * @param stages          any of these stages (empty: all)
 * @param sources         any of these sources (empty: all)
 * @param owner           exactly this owner
 * @param campaign        exactly this campaign
 * @param createdFrom     created at or after
 * @param createdTo       created before
 * @param text            case-insensitive substring of first name, last name, e-mail or company
 * @param includeInactive whether erased leads and leads merged into another one are listed too
 * @param after           the position of the last lead of the previous page, or null for the first page
 */
public record LeadQuery(Set<Stage> stages, Set<LeadSource> sources, String owner, String campaign,
                        Instant createdFrom, Instant createdTo, String text, boolean includeInactive,
                        Position after) {

    public LeadQuery {
        stages = stages == null ? Set.of() : Set.copyOf(stages);
        sources = sources == null ? Set.of() : Set.copyOf(sources);
    }

    /** A place in the newest-first order: leads are sorted by creation time, then id, both descending. */
    public record Position(Instant createdAt, String id) {
    }

    Bson toFilter() {
        List<Bson> all = new ArrayList<>();
        if (!stages.isEmpty()) {
            all.add(Filters.in("stage", stages.stream().map(Enum::name).toList()));
        }
        if (!sources.isEmpty()) {
            all.add(Filters.in("profile.source", sources.stream().map(Enum::name).toList()));
        }
        if (owner != null) {
            all.add(Filters.eq("owner", owner));
        }
        if (campaign != null) {
            all.add(Filters.eq("profile.campaign", campaign));
        }
        if (createdFrom != null) {
            all.add(Filters.gte("createdAt", createdFrom));
        }
        if (createdTo != null) {
            all.add(Filters.lt("createdAt", createdTo));
        }
        if (text != null && !text.isBlank()) {
            // searchText is stored lower-case; the text is escaped so it can only ever match itself
            all.add(Filters.regex("searchText", literal(text.trim().toLowerCase(Locale.ROOT))));
        }
        if (!includeInactive) {
            all.add(Filters.exists("erasedAt", false));
            all.add(Filters.exists("mergedInto", false));
        }
        if (after != null) {
            all.add(Filters.or(
                    Filters.lt("createdAt", after.createdAt()),
                    Filters.and(Filters.eq("createdAt", after.createdAt()), Filters.lt("_id", after.id()))));
        }
        return all.isEmpty() ? Filters.empty() : Filters.and(all);
    }

    /**
     * A regular expression matching exactly {@code text}: every ASCII character other than a letter or digit is
     * escaped. Both Java's and MongoDB's (PCRE) syntax treat a backslash before such a character as the literal
     * character, and no letter or digit is escaped (those would turn into classes or back-references).
     */
    static String literal(String text) {
        StringBuilder regex = new StringBuilder(text.length() * 2);
        text.codePoints().forEach(c -> {
            boolean asciiPunctuation = c < 128 && !Character.isLetterOrDigit(c);
            if (asciiPunctuation && !Character.isISOControl(c)) {
                regex.append('\\');
            }
            regex.appendCodePoint(c);
        });
        return regex.toString();
    }
}
