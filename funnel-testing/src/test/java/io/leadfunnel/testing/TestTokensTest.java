package io.leadfunnel.testing;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestTokensTest {

    /** Verifies as the services do: RS256 with the development public key, the development issuer, not expired. */
    private static final JwtConsumer SERVICES = new JwtConsumerBuilder()
            .setVerificationKey(TestTokens.publicKey())
            .setExpectedIssuer("https://leadfunnel.local/dev")
            .setRequireExpirationTime()
            .setSkipDefaultAudienceValidation()
            .build();

    @Test
    void aRoleTokenCarriesUserAndGroups() throws Exception {
        JwtClaims claims = SERVICES.processToClaims(TestTokens.forRole("alice", "sales-ops", "metrics-reader"));

        assertThat(claims.getStringClaimValue("upn")).isEqualTo("alice");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaimValue("groups")).containsExactlyInAnyOrder("sales-ops", "metrics-reader");
        assertThat(claims.getIssuer()).isEqualTo(TestTokens.ISSUER);
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertThatThrownBy(() -> SERVICES.processToClaims(TestTokens.expired("alice", "sales")))
                .isInstanceOf(InvalidJwtException.class).hasMessageContaining("Expiration Time");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        assertThatThrownBy(() -> SERVICES.processToClaims(TestTokens.signedByOtherKey("alice", "admin")))
                .isInstanceOf(InvalidJwtException.class).hasMessageContaining("signature");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        assertThatThrownBy(() -> SERVICES.processToClaims(
                TestTokens.withIssuer("https://evil.example", "alice", "admin")))
                .isInstanceOf(InvalidJwtException.class).hasMessageContaining("Issuer");
    }

    @Test
    void theDevTokenIsValidForALocalStackSession() throws Exception {
        JwtClaims claims = SERVICES.processToClaims(DevToken.token("bob", "marketing"));

        assertThat(claims.getStringListClaimValue("groups")).containsExactly("marketing");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
                .isEqualTo(DevToken.LIFESPAN.toSeconds());
        assertThat(TestTokens.bearer("t")).isEqualTo("Bearer t");
    }
}
