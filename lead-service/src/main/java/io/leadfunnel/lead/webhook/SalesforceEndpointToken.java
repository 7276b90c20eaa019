package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.config.LeadServiceConfig;
import io.leadfunnel.runtime.problem.ProblemException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The secret a Salesforce outbound message proves itself with. Outbound messages carry no signature and their
 * organization id is public, so the endpoint URL configured in Salesforce carries a long random token
 * ({@code /webhooks/salesforce?token=...}), which Salesforce sends with every message. The token (and the previous one
 * during a rotation) is compared in constant time: both sides are SHA-256 digests of equal length, compared with
 * {@link MessageDigest#isEqual}, so neither the time taken nor the length tells anything about the secret. Checked at
 * startup: a configured token shorter than {@value #MIN_LENGTH} characters or not URL-safe stops the service.
 */
@ApplicationScoped
@Startup
public class SalesforceEndpointToken {

    /** The query parameter of the endpoint URL that carries the token. */
    public static final String PARAMETER = "token";
    static final int MIN_LENGTH = 32;
    private static final int MAX_LENGTH = 512;

    private final List<byte[]> digests;

    @Inject
    public SalesforceEndpointToken(LeadServiceConfig config) {
        this(Hmac.secrets(config.webhooks().salesforce().token(), config.webhooks().salesforce().previousToken()));
    }

    /** The current token and, during a rotation, the previous one. */
    SalesforceEndpointToken(List<String> tokens) {
        for (String token : tokens) {
            if (!wellFormed(token)) {
                throw new IllegalStateException("funnel.lead.webhooks.salesforce.token and previous-token need "
                        + "at least " + MIN_LENGTH + " URL-safe characters (letters, digits, '-', '_', '.', '~'), e.g. "
                        + "openssl rand -hex 32");
            }
        }
        this.digests = tokens.stream().map(token -> digest(Hmac.utf8(token))).toList();
    }

    /** Whether a token is configured; without one the webhook does not exist. */
    public boolean configured() {
        return !digests.isEmpty();
    }

    /**
     * Accepts exactly one {@value #PARAMETER} parameter matching a configured token, else 401. The problem names the
     * parameter, never a value.
     */
    public void verify(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw ProblemException.unauthenticated("the endpoint URL lacks its token: configure the outbound message "
                    + "with the URL that carries ?" + PARAMETER + "=", PARAMETER);
        }
        if (given.size() > 1) {
            throw ProblemException.unauthenticated("the endpoint URL carries more than one token", PARAMETER);
        }
        byte[] candidate = digest(Hmac.utf8(given.get(0)));
        boolean matched = false;
        for (byte[] digest : digests) {
            // every configured token is compared, so the time taken does not tell which one matched
            matched |= MessageDigest.isEqual(digest, candidate);
        }
        if (!matched) {
            throw ProblemException.unauthenticated("the endpoint URL's token is not valid", PARAMETER);
        }
    }

    static boolean wellFormed(String token) {
        return token.length() >= MIN_LENGTH && token.length() <= MAX_LENGTH
                && token.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "-_.~".indexOf(c) >= 0));
    }

    private static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
