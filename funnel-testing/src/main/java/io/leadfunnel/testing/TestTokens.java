package io.leadfunnel.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Bearer tokens for tests, RS256-signed with the development key pair in {@code io/leadfunnel/testing/jwt/}. That key
 * pair is public knowledge and for development and tests only: production never trusts it.
 * <p>
 * A token names the user in {@code upn} and {@code sub}, is meant for {@value #AUDIENCE} ({@code aud}) and carries
 * the roles in {@code groups}, as the services
 * expect: {@code marketing}, {@code sales}, {@code sales-ops}, {@code admin}, {@code metrics-reader}.
 */
public final class TestTokens {

    /** Issuer the services trust in development and tests. */
    public static final String ISSUER = "https://leadfunnel.local/dev";

    /**
     * Audience ({@code aud}) the services require: a token the identity provider issued for another application of
     * the same realm is refused.
     */
    public static final String AUDIENCE = "lead-funnel";

    /** Class-path resource of the development private key (PKCS#8 PEM). */
    public static final String PRIVATE_KEY_RESOURCE = "io/leadfunnel/testing/jwt/dev-private-key.pem";

    /** Class-path resource of the development public key (X.509 PEM). */
    public static final String PUBLIC_KEY_RESOURCE = "io/leadfunnel/testing/jwt/dev-public-key.pem";

    /** How long a test token is valid. */
    public static final Duration LIFESPAN = Duration.ofHours(1);

    private TestTokens() {
    }

    /** A valid token for {@code user} with {@code roles}. */
    public static String forRole(String user, String... roles) {
        return sign(ISSUER, user, roles, Instant.now(), LIFESPAN, Keys.PRIVATE_KEY);
    }

    /** A token that expired an hour ago: the services must answer 401. */
    public static String expired(String user, String... roles) {
        return sign(ISSUER, user, roles, Instant.now().minus(Duration.ofHours(2)), LIFESPAN, Keys.PRIVATE_KEY);
    }

    /** A well-formed token signed by a key the services do not know: they must answer 401. */
    public static String signedByOtherKey(String user, String... roles) {
        try {
            PrivateKey otherKey = KeyUtils.generateKeyPair(2048).getPrivate();
            return sign(ISSUER, user, roles, Instant.now(), LIFESPAN, otherKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    /** A token from another issuer, signed with the development key: the services must answer 401. */
    public static String withIssuer(String issuer, String user, String... roles) {
        return sign(issuer, user, roles, Instant.now(), LIFESPAN, Keys.PRIVATE_KEY);
    }

    /** A token for another application ({@code aud}), signed with the development key: the services must answer 401. */
    public static String withAudience(String audience, String user, String... roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).audience(audience).upn(user).subject(user).groups(Set.of(roles))
                .issuedAt(now).expiresAt(now.plus(LIFESPAN)).jws().sign(Keys.PRIVATE_KEY);
    }

    /** {@code Bearer <token>}, the value of an {@code Authorization} header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The development public key the services verify test tokens with. */
    public static PublicKey publicKey() {
        return Keys.PUBLIC_KEY;
    }

    static PrivateKey devPrivateKey() {
        return Keys.PRIVATE_KEY;
    }

    static String sign(String issuer, String user, String[] roles, Instant issuedAt, Duration lifespan,
            PrivateKey key) {
        return Jwt.issuer(issuer)
                .audience(AUDIENCE)
                .upn(user)
                .subject(user)
                .groups(Set.of(roles))
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(lifespan))
                .jws()
                .sign(key);
    }

    /** Loaded on first use, so a test that never signs never reads the files. */
    private static final class Keys {
        static final PrivateKey PRIVATE_KEY = load(PRIVATE_KEY_RESOURCE, true);
        static final PublicKey PUBLIC_KEY = (PublicKey) load(PUBLIC_KEY_RESOURCE, false);

        @SuppressWarnings("unchecked")
        private static <T> T load(String resource, boolean privateKey) {
            try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing class-path resource " + resource);
                }
                String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                return (T) (privateKey ? KeyUtils.decodePrivateKey(pem) : KeyUtils.decodePublicKey(pem));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot decode " + resource, e);
            }
        }
    }
}
