package io.leadfunnel.demo;

/**
 * A made-up contact the CRM side sends.
 *
 * @param good whether it is a target account that should become an MQL
 * @param kind what it is, for the log: target account, student, free mail or small company
 */
record Profile(String firstName, String lastName, String email, String company, String domain, String title,
               String country, String industry, int size, boolean good, String kind) {
}
