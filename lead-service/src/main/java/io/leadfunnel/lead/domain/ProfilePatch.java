package io.leadfunnel.lead.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Profile values a sender supplied. A field that is present with a null value clears it; an absent field is left
 * alone. Values are validated against {@link ProfileField#type()} and normalized on the way in.
 */
public final class ProfilePatch {

    private final Map<ProfileField, Object> values;

    private ProfilePatch(Map<ProfileField, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static ProfilePatch empty() {
        return new ProfilePatch(new EnumMap<>(ProfileField.class));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<ProfileField, Object> values() {
        return values;
    }

    public boolean contains(ProfileField field) {
        return values.containsKey(field);
    }

    public Object get(ProfileField field) {
        return values.get(field);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Builds a patch, normalizing each value (e-mail canonical, strings trimmed, blanks as null). */
    public static final class Builder {
        private final Map<ProfileField, Object> values = new EnumMap<>(ProfileField.class);

        /** Sets a field; a blank string counts as clearing it. */
        public Builder set(ProfileField field, Object value) {
            values.put(field, ProfileValues.normalize(field, value));
            return this;
        }

        /** Sets a field only when the value is not null or blank (for senders that omit rather than clear). */
        public Builder setIfPresent(ProfileField field, Object value) {
            Object normalized = ProfileValues.normalize(field, value);
            if (normalized != null) {
                values.put(field, normalized);
            }
            return this;
        }

        public ProfilePatch build() {
            return new ProfilePatch(new EnumMap<>(values));
        }
    }
}
