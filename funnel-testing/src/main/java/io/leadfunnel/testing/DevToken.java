package io.leadfunnel.testing;

import java.time.Duration;
import java.time.Instant;

/**
 * Prints a bearer token for the local stack, signed with the development key:
 * <pre>
 * java -cp "funnel-testing/target/classes:$(cat funnel-testing/target/classpath.txt)" \
 *     io.leadfunnel.testing.DevToken sales-ops [user]
 * </pre>
 * Several roles are separated by commas ({@code sales,metrics-reader}). The token is valid for eight hours.
 */
public final class DevToken {

    static final Duration LIFESPAN = Duration.ofHours(8);

    private DevToken() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: DevToken <role>[,<role>...] [user]");
            System.err.println("roles: marketing, sales, sales-ops, admin, metrics-reader");
            System.exit(64);
            return;
        }
        String[] roles = args[0].split(",");
        String user = args.length == 2 ? args[1] : "dev-" + roles[0] + "@leadfunnel.local";
        System.out.println(token(user, roles));
    }

    static String token(String user, String... roles) {
        return TestTokens.sign(TestTokens.ISSUER, user, roles, Instant.now(), LIFESPAN, TestTokens.devPrivateKey());
    }
}
