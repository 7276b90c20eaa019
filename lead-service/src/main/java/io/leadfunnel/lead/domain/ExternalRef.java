package io.leadfunnel.lead.domain;

import java.util.Objects;

/**
 * A lead's id in a sending system. The same reference always means the same lead.
 *
 * @param system {@code hubspot}, {@code salesforce}, {@code generic:<source>} or {@code manual}
 * @param id     the id in that system
 */
public record ExternalRef(String system, String id) {

    public ExternalRef {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(id, "id");
        if (system.isBlank() || id.isBlank()) {
            throw new IllegalArgumentException("system and id must not be blank");
        }
    }

    /** The stored form, {@code system|id}; unique across all leads. */
    public String key() {
        return system + "|" + id;
    }

    /** Parses the stored form. */
    public static ExternalRef parse(String key) {
        int bar = key.lastIndexOf('|');
        if (bar <= 0 || bar == key.length() - 1) {
            throw new IllegalArgumentException("not an external reference: " + key);
        }
        return new ExternalRef(key.substring(0, bar), key.substring(bar + 1));
    }

    public static ExternalRef hubspot(String contactId) {
        return new ExternalRef("hubspot", contactId);
    }

    public static ExternalRef salesforce(String leadId) {
        return new ExternalRef("salesforce", leadId);
    }

    public static ExternalRef generic(String source, String id) {
        return new ExternalRef("generic:" + source, id);
    }

    @Override
    public String toString() {
        return key();
    }
}
