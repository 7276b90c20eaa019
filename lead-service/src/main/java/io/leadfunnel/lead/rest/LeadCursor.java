package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.repository.LeadQuery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The opaque page cursor of {@code GET /leads}: base64url (no padding) of {@code v1:<createdAt epoch millis>:<id>} of
 * the last lead on the page. Keyset pagination on (createdAt, id) never skips or repeats a lead while others are
 * added, unlike offsets. Clients must treat it as opaque; the version prefix lets the format change later.
 */
final class LeadCursor {

    private static final String VERSION = "v1";
    private static final Pattern LEAD_ID = Pattern.compile("[0-9a-f]{24}");
    /** Upper bound on an encoded cursor, so a huge query parameter is refused before any decoding. */
    private static final int MAX_LENGTH = 100;

    private LeadCursor() {
    }

    static String encode(LeadQuery.Position position) {
        String raw = VERSION + ":" + position.createdAt().toEpochMilli() + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a cursor stands for, or empty when it is not one this service issued. */
    static Optional<LeadQuery.Position> decode(String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = raw.split(":", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || !LEAD_ID.matcher(parts[2]).matches()) {
                return Optional.empty();
            }
            return Optional.of(new LeadQuery.Position(Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
