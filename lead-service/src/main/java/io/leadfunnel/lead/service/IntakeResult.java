package io.leadfunnel.lead.service;

/**
 * The outcome of a {@link LeadChange}.
 *
 * @param leadId  the lead it landed on
 * @param created whether a new lead was captured
 * @param changed whether anything was stored (false for a replay of something already known)
 */
public record IntakeResult(String leadId, boolean created, boolean changed) {
}
