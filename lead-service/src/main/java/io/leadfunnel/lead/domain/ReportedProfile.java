package io.leadfunnel.lead.domain;

import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A lead's profile values, each with the time of the report it came from. Senders retry and reorder deliveries, so
 * per field the newest report wins and the same reports in any order converge on the same profile.
 *
 * @param values the values held; a field without a value is absent
 * @param times  per field, the time of the report its value (or its clearing) came from
 */
public record ReportedProfile(Map<ProfileField, Object> values, Map<ProfileField, Instant> times) {

    public ReportedProfile {
        values = frozen(values);
        times = frozen(times);
    }

    /** The profile after a change, and the fields whose value changed, by their JSON names. */
    public record Change(ReportedProfile profile, List<String> changedFields) {

        public Change {
            changedFields = List.copyOf(changedFields);
        }
    }

    /** The profile of a lead captured with {@code patch}, reported as of {@code at}; empty values are not kept. */
    static ReportedProfile captured(ProfilePatch patch, Instant at) {
        Map<ProfileField, Object> values = new EnumMap<>(ProfileField.class);
        Map<ProfileField, Instant> times = new EnumMap<>(ProfileField.class);
        patch.values().forEach((field, value) -> {
            if (value != null) {
                values.put(field, value);
                times.put(field, at);
            }
        });
        withDefaults(values, times);
        return new ReportedProfile(values, times);
    }

    /**
     * Takes in values reported as of {@code occurredAt}; a value older than the one held is ignored. A correction (a
     * person through the API) wins over every earlier report, even one stamped slightly in the future by a sender's
     * clock, and later reports win over it as usual.
     */
    Change reported(ProfilePatch patch, Instant occurredAt, boolean correction) {
        Map<ProfileField, Object> newValues = editable(values);
        Map<ProfileField, Instant> newTimes = editable(times);
        List<String> changed = new ArrayList<>();
        for (Map.Entry<ProfileField, Object> e : patch.values().entrySet()) {
            ProfileField field = e.getKey();
            Instant held = newTimes.get(field);
            Instant at = occurredAt;
            if (held != null && !occurredAt.isAfter(held)) {
                if (!correction) {
                    continue;
                }
                at = held.plusMillis(1);
            }
            newTimes.put(field, at);
            if (!Objects.equals(newValues.get(field), e.getValue())) {
                if (e.getValue() == null) {
                    newValues.remove(field);
                } else {
                    newValues.put(field, e.getValue());
                }
                changed.add(field.jsonName());
            }
        }
        changed.addAll(withDefaults(newValues, newTimes));
        return new Change(new ReportedProfile(newValues, newTimes), changed);
    }

    /** Takes, per field, the merged-away lead's value where ours is missing or older. */
    Change absorbing(PendingMerge merge) {
        Map<ProfileField, Object> newValues = editable(values);
        Map<ProfileField, Instant> newTimes = editable(times);
        List<String> changed = new ArrayList<>();
        Map<ProfileField, Object> theirs = ProfileFields.toMap(merge.profile());
        for (ProfileField field : ProfileField.values()) {
            Instant theirTime = merge.fieldTimes().get(field.jsonName());
            Object theirValue = theirs.get(field);
            if (theirTime == null || theirValue == null) {
                continue;
            }
            Instant ourTime = newTimes.get(field);
            boolean ourMissing = newValues.get(field) == null;
            if (ourMissing || ourTime == null || theirTime.isAfter(ourTime)) {
                newTimes.put(field, theirTime);
                if (!Objects.equals(newValues.get(field), theirValue)) {
                    newValues.put(field, theirValue);
                    changed.add(field.jsonName());
                }
            }
        }
        return new Change(new ReportedProfile(newValues, newTimes), changed);
    }

    /** The profile without personal data: segment, source and origin stay for the funnel's figures. */
    ReportedProfile withoutPersonalData() {
        Map<ProfileField, Object> newValues = editable(values);
        Map<ProfileField, Instant> newTimes = editable(times);
        for (ProfileField field : ProfileField.values()) {
            if (field.isPersonal()) {
                newValues.remove(field);
                newTimes.remove(field);
            }
        }
        return new ReportedProfile(newValues, newTimes);
    }

    /** The report times by JSON field name, as a merge hands them over. */
    Map<String, Instant> timesByName() {
        Map<String, Instant> byName = new HashMap<>();
        times.forEach((field, at) -> byName.put(field.jsonName(), at));
        return byName;
    }

    /** The profile in the contract's shape. */
    public LeadProfile toProfile() {
        return ProfileFields.toProfile(values);
    }

    /** The canonical e-mail, unique across active leads. */
    public String email() {
        return (String) values.get(ProfileField.EMAIL);
    }

    /**
     * Fills what the other values imply: the company domain from a business e-mail address, the origin from the
     * source. A derived value counts as reported at the epoch, so any real report of the field wins over it.
     *
     * @return the fields derived
     */
    private static List<String> withDefaults(Map<ProfileField, Object> values, Map<ProfileField, Instant> times) {
        List<String> changed = new ArrayList<>();
        String email = (String) values.get(ProfileField.EMAIL);
        if (values.get(ProfileField.COMPANY_DOMAIN) == null && email != null) {
            String domain = ProfileValues.companyDomainOf(email);
            if (domain != null) {
                values.put(ProfileField.COMPANY_DOMAIN, domain);
                times.putIfAbsent(ProfileField.COMPANY_DOMAIN, Instant.EPOCH);
                changed.add(ProfileField.COMPANY_DOMAIN.jsonName());
            }
        }
        if (values.get(ProfileField.ORIGIN) == null && values.get(ProfileField.SOURCE) instanceof LeadSource source) {
            values.put(ProfileField.ORIGIN, source.defaultOrigin());
            times.putIfAbsent(ProfileField.ORIGIN, Instant.EPOCH);
            changed.add(ProfileField.ORIGIN.jsonName());
        }
        return changed;
    }

    private static <V> Map<ProfileField, V> frozen(Map<ProfileField, V> map) {
        return Collections.unmodifiableMap(editable(map));
    }

    /** A copy in field order; {@code new EnumMap<>(map)} refuses an empty map that is not an EnumMap. */
    private static <V> Map<ProfileField, V> editable(Map<ProfileField, V> map) {
        Map<ProfileField, V> copy = new EnumMap<>(ProfileField.class);
        if (map != null) {
            copy.putAll(map);
        }
        return copy;
    }
}
