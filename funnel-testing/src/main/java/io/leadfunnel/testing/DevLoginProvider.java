package io.leadfunnel.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The development login of the local stack: a minimal OpenID Connect provider (authorization code flow only) for the
 * funnel page of metrics-service, so the local run exercises the same login as production without an identity
 * provider to install. A user picks a name and a role on its form and types the run's password; the ID token is
 * signed with the development key pair (never trusted in production) and carries the role in {@code groups}.
 * <pre>
 * DEV_LOGIN_PASSWORD=... DEV_LOGIN_CLIENT_SECRET=... java -cp "funnel-testing/target/classes:$(cat
 *     funnel-testing/target/classpath.txt)" io.leadfunnel.testing.DevLoginProvider [port] [client-id]
 * </pre>
 * It listens on 127.0.0.1 only, sends codes only to redirect URIs on the loopback interface, and keeps codes in
 * memory for a minute, each usable once.
 */
public final class DevLoginProvider implements AutoCloseable {

    /** Port of the local run. */
    public static final int DEFAULT_PORT = 8090;
    /** The funnel page's client id (metrics-service's {@code quarkus.oidc.page.client-id} default). */
    public static final String DEFAULT_CLIENT_ID = "lead-funnel-page";
    /** Key id of the development key in the key set. */
    static final String KEY_ID = "leadfunnel-dev";
    /** How long an ID token is valid: a working day of local use. */
    static final Duration TOKEN_LIFESPAN = Duration.ofHours(8);
    /** How long a code may wait for its exchange. */
    static final Duration CODE_LIFESPAN = Duration.ofMinutes(1);
    /** The roles on offer; the empty choice logs in without any role (the page then answers 403). */
    static final List<String> ROLES = List.of("metrics-reader", "marketing", "sales", "sales-ops", "admin", "");

    private record Grant(String user, String role, String clientId, String redirectUri, String nonce, Instant expires) {
    }

    private final HttpServer server;
    private final String issuer;
    private final String clientId;
    private final byte[] clientSecret;
    private final byte[] password;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private DevLoginProvider(HttpServer server, String clientId, String clientSecret, String password) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        this.clientId = clientId;
        this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a provider on 127.0.0.1:{@code port} (0: any free port). */
    public static DevLoginProvider start(int port, String clientId, String clientSecret, String password)
            throws IOException {
        if (clientSecret.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("the client secret and the password must not be empty");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        DevLoginProvider provider = new DevLoginProvider(server, clientId, clientSecret, password);
        server.createContext("/", provider::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return provider;
    }

    /** The issuer, which is also the base URL: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return issuer;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static void main(String[] args) throws IOException {
        String password = System.getenv("DEV_LOGIN_PASSWORD");
        String secret = System.getenv("DEV_LOGIN_CLIENT_SECRET");
        if (args.length > 2 || password == null || password.isEmpty() || secret == null || secret.isEmpty()) {
            System.err.println("usage: DEV_LOGIN_PASSWORD=... DEV_LOGIN_CLIENT_SECRET=... DevLoginProvider [port] "
                    + "[client-id]");
            System.exit(64);
            return;
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        String client = args.length > 1 ? args[1] : DEFAULT_CLIENT_ID;
        DevLoginProvider provider = start(port, client, secret, password);
        System.out.println("dev-login: ready at " + provider.issuer() + " for client " + client);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/.well-known/openid-configuration") && method.equals("GET")) {
                sendJson(exchange, 200, discovery());
            } else if (path.equals("/jwks") && method.equals("GET")) {
                sendJson(exchange, 200, keySet());
            } else if (path.equals("/authorize") && method.equals("GET")) {
                Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
                String refusal = refusal(query);
                if (refusal != null) {
                    sendHtml(exchange, 400, "<p>" + escape(refusal) + "</p>");
                } else {
                    sendHtml(exchange, 200, loginForm(query, null));
                }
            } else if (path.equals("/authorize") && method.equals("POST")) {
                logIn(exchange, form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            } else if (path.equals("/token") && method.equals("POST")) {
                exchangeCode(exchange, form(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8)));
            } else {
                sendJson(exchange, 404, "{\"error\":\"not_found\"}");
            }
        } catch (RuntimeException e) {
            // a malformed request (bad encoding, bad Basic header): refused without detail
            sendJson(exchange, 400, "{\"error\":\"invalid_request\"}");
        } finally {
            exchange.close();
        }
    }

    private String discovery() {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"],"
                + "\"scopes_supported\":[\"openid\",\"profile\"],\"claims_supported\":[\"sub\",\"preferred_username\","
                + "\"groups\"]}";
    }

    private static String keySet() {
        RSAPublicKey key = (RSAPublicKey) TestTokens.publicKey();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                + base64Url(key.getModulus()) + "\",\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}";
    }

    /** Why an authorization request is refused, or null when it is acceptable. */
    private String refusal(Map<String, String> request) {
        if (!clientId.equals(request.get("client_id"))) {
            return "unknown client_id";
        }
        if (!"code".equals(request.get("response_type"))) {
            return "only response_type=code is supported";
        }
        String redirect = request.get("redirect_uri");
        if (redirect == null || !isLoopback(redirect)) {
            return "redirect_uri must be an http(s) URL on 127.0.0.1 or localhost";
        }
        return null;
    }

    private void logIn(HttpExchange exchange, Map<String, String> form) throws IOException {
        String refusal = refusal(form);
        if (refusal != null) {
            sendHtml(exchange, 400, "<p>" + escape(refusal) + "</p>");
            return;
        }
        String user = form.getOrDefault("user", "").strip();
        String role = form.getOrDefault("role", "");
        byte[] typed = form.getOrDefault("password", "").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(typed, password) || user.isEmpty() || user.length() > 100
                || !ROLES.contains(role)) {
            sendHtml(exchange, 401, loginForm(form, "Wrong password, or no user name. The password is printed by "
                    + "deploy/local/run."));
            return;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now();
        codes.values().removeIf(grant -> grant.expires().isBefore(now));
        codes.put(code, new Grant(user, role, form.get("client_id"), form.get("redirect_uri"), form.get("nonce"),
                now.plus(CODE_LIFESPAN)));
        String redirect = form.get("redirect_uri");
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (form.get("state") == null ? "" : "&state=" + encode(form.get("state")));
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private void exchangeCode(HttpExchange exchange, Map<String, String> form) throws IOException {
        Map<String, String> client = clientCredentials(exchange, form);
        byte[] secret = client.getOrDefault("secret", "").getBytes(StandardCharsets.UTF_8);
        if (!clientId.equals(client.get("id")) || !MessageDigest.isEqual(secret, clientSecret)) {
            sendJson(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            sendJson(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null || grant.expires().isBefore(Instant.now()) || !grant.clientId().equals(clientId)
                || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            sendJson(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        Set<String> groups = grant.role().isEmpty() ? Set.of() : Set.of(grant.role());
        var idToken = Jwt.issuer(issuer).audience(clientId).subject(grant.user()).preferredUserName(grant.user())
                .groups(groups).issuedAt(now).expiresAt(now.plus(TOKEN_LIFESPAN));
        if (grant.nonce() != null) {
            idToken.claim("nonce", grant.nonce());
        }
        String accessToken = TestTokens.sign(TestTokens.ISSUER, grant.user(), groups.toArray(String[]::new), now,
                TOKEN_LIFESPAN, TestTokens.devPrivateKey());
        sendJson(exchange, 200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":" + TOKEN_LIFESPAN.toSeconds() + ",\"id_token\":\""
                + idToken.jws().keyId(KEY_ID).sign(TestTokens.devPrivateKey()) + "\"}");
    }

    /** The client's id and secret, from HTTP Basic authentication or the form (client_secret_post). */
    private static Map<String, String> clientCredentials(HttpExchange exchange, Map<String, String> form) {
        Map<String, String> client = new HashMap<>();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                client.put("id", URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
                client.put("secret", URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
            }
        } else {
            client.put("id", form.get("client_id"));
            client.put("secret", form.get("client_secret"));
        }
        client.values().removeIf(v -> v == null);
        return client;
    }

    private String loginForm(Map<String, String> request, String error) {
        StringBuilder html = new StringBuilder("<h1>Lead funnel: development login</h1>")
                .append("<p>For the local run only. Pick any user name and a role; the password is the one "
                        + "<code>deploy/local/run</code> printed.</p>");
        if (error != null) {
            html.append("<p style=\"color:#b00\">").append(escape(error)).append("</p>");
        }
        html.append("<form method=\"post\" action=\"/authorize\">")
                .append("<p><label>User <input name=\"user\" value=\"")
                .append(escape(request.getOrDefault("user", "dev"))).append("\"></label></p>")
                .append("<p><label>Role <select name=\"role\">");
        for (String role : ROLES) {
            html.append("<option value=\"").append(role).append("\">")
                    .append(role.isEmpty() ? "(no role: the page answers 403)" : role).append("</option>");
        }
        html.append("</select></label></p>")
                .append("<p><label>Password <input type=\"password\" name=\"password\" autofocus></label></p>");
        for (String hidden : List.of("client_id", "redirect_uri", "response_type", "state", "nonce", "scope")) {
            if (request.get(hidden) != null) {
                html.append("<input type=\"hidden\" name=\"").append(hidden).append("\" value=\"")
                        .append(escape(request.get(hidden))).append("\">");
            }
        }
        return html.append("<p><button type=\"submit\">Log in</button></p></form>").toString();
    }

    private static boolean isLoopback(String uri) {
        try {
            URI parsed = new URI(uri);
            return ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
                    && ("127.0.0.1".equals(parsed.getHost()) || "localhost".equals(parsed.getHost()))
                    && parsed.getRawFragment() == null;
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json", json);
    }

    private static void sendHtml(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "form-action 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        send(exchange, status, "text/html; charset=utf-8", "<!DOCTYPE html><html lang=\"en\"><head><meta "
                + "charset=\"utf-8\"><title>Development login</title></head><body style=\"font-family: system-ui, "
                + "sans-serif; margin: 24px\">" + body + "</body></html>");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
