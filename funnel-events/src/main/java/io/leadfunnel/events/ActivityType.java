package io.leadfunnel.events;

/** Typed engagement a lead can show; scoring-service gives each type its own points and cap. */
public enum ActivityType {
    EMAIL_OPEN,
    EMAIL_CLICK,
    PAGE_VIEW,
    PRICING_PAGE_VIEW,
    FORM_SUBMIT,
    WEBINAR_REGISTERED,
    WEBINAR_ATTENDED,
    DEMO_REQUESTED,
    TRIAL_STARTED,
    EVENT_VISIT,
    CALL,
    MEETING
}
