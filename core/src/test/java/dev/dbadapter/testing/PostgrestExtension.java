package dev.dbadapter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.adapter.supabase.SupabaseAdapter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real PostgREST 12 over the database of its {@link PgDatabaseExtension}, set up
 * as Supabase sets one up: roles {@code anon}, {@code authenticated} and {@code service_role}
 * (BYPASSRLS), a login role {@code authenticator} that PostgREST switches from, Supabase's grants, a
 * JWT secret, {@code db-max-rows = 1000}, and a {@link SupabaseGateway} serving it under
 * {@code /rest/v1} that wants an {@code apikey}. Both kinds of key exist: legacy HS256 JWTs and
 * {@code sb_publishable_…} / {@code sb_secret_…} keys. The roles, grants and PostgREST come on first use
 * (so tables a class creates in {@code @BeforeAll} are granted and in the schema cache; {@link #sql}
 * reloads it after later DDL), on a free port, and PostgREST stops after the class. The binary comes from {@code POSTGREST_BIN} or
 * {@code scripts/postgrest.sh}, which installs it on first use.
 *
 * <pre>{@code
 * @RegisterExtension static final PgDatabaseExtension db = new PgDatabaseExtension();
 * @RegisterExtension static final PostgrestExtension rest = new PostgrestExtension(db);
 * }</pre>
 */
public final class PostgrestExtension implements AfterAllCallback {
    /** The API keys of the stand-in project. */
    public enum Key {
        /** The legacy {@code anon} JWT. */
        ANON_JWT,
        /** The legacy {@code service_role} JWT. */
        SERVICE_ROLE_JWT,
        /** An {@code sb_publishable_…} key (role {@code anon}). */
        PUBLISHABLE,
        /** An {@code sb_secret_…} key (role {@code service_role}). */
        SECRET
    }

    /** PostgREST's row cap, Supabase's default. */
    public static final int MAX_ROWS = 1000;

    private static final String AUTHENTICATOR_PASSWORD = "authenticator-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String binary;

    private final PgDatabaseExtension db;
    private final String jwtSecret = "test-jwt-secret-" + UUID.randomUUID() + UUID.randomUUID();
    private final Map<Key, String> keys;
    private final List<SupabaseAdapter> adapters = new ArrayList<>();
    private Process process;
    private Path log;
    private int port;
    private SupabaseGateway gateway;

    /** Serves the database of {@code db}, which must be registered too. */
    public PostgrestExtension(PgDatabaseExtension db) {
        this.db = db;
        String anon = jwt("anon");
        String service = jwt("service_role");
        this.keys = Map.of(Key.ANON_JWT, anon, Key.SERVICE_ROLE_JWT, service,
                Key.PUBLISHABLE, "sb_publishable_" + UUID.randomUUID().toString().replace("-", ""),
                Key.SECRET, "sb_secret_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        adapters.forEach(SupabaseAdapter::close);
        adapters.clear();
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Returns the project URL (the gateway), starting PostgREST on first use. */
    public synchronized String url() {
        start();
        return gateway.url();
    }

    /** Returns the gateway, to count the requests it forwarded. */
    public synchronized SupabaseGateway gateway() {
        start();
        return gateway;
    }

    /** Returns the API key of kind {@code key}. */
    public String key(Key key) {
        return keys.get(key);
    }

    /** Returns an adapter over the gateway with {@code key}, closed after the class. */
    public synchronized SupabaseAdapter adapter(Key key) {
        SupabaseAdapter adapter = SupabaseAdapter.connect(url(), key(key));
        adapters.add(adapter);
        return adapter;
    }

    /** Returns a JWT of {@code role} signed with this project's secret (HS256), valid for a day. */
    public String jwt(String role) {
        String header = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = base64("{\"role\":\"" + role + "\",\"iss\":\"supabase-test\",\"exp\":"
                + Instant.now().plus(Duration.ofDays(1)).getEpochSecond() + "}");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs SQL on the database (DDL included) and, when PostgREST is running, has it reload its schema
     * cache and waits until the API describes every table of {@code public} (that service_role may read).
     */
    public synchronized void sql(String sql) {
        db.sql(sql);
        if (process != null) {
            db.sql("NOTIFY pgrst, 'reload schema'");
            awaitSchema();
        }
    }

    private void start() {
        if (process != null) {
            return;
        }
        prepareDatabase();
        IOException last = null;
        for (int attempt = 0; attempt < 3 && process == null; attempt++) {
            try {
                launch();
            } catch (IOException e) {
                last = e; // the free port was taken meanwhile: another one
            }
        }
        if (process == null) {
            throw new IllegalStateException("PostgREST did not start: " + last.getMessage(), last);
        }
        try {
            gateway = new SupabaseGateway(URI.create("http://127.0.0.1:" + port), Map.of(
                    keys.get(Key.ANON_JWT), keys.get(Key.ANON_JWT),
                    keys.get(Key.SERVICE_ROLE_JWT), keys.get(Key.SERVICE_ROLE_JWT),
                    keys.get(Key.PUBLISHABLE), keys.get(Key.ANON_JWT),
                    keys.get(Key.SECRET), keys.get(Key.SERVICE_ROLE_JWT)));
        } catch (IOException e) {
            throw new IllegalStateException("The test gateway did not start", e);
        }
    }

    private void launch() throws IOException {
        port = freePort();
        int adminPort = freePort();
        log = Files.createTempFile("postgrest-" + db.databaseName() + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(binary()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PGRST_"));
        env.put("PGRST_DB_URI", authenticatorUrl());
        env.put("PGRST_DB_SCHEMAS", "public");
        env.put("PGRST_DB_ANON_ROLE", "anon");
        env.put("PGRST_JWT_SECRET", jwtSecret);
        env.put("PGRST_DB_MAX_ROWS", Integer.toString(MAX_ROWS));
        env.put("PGRST_DB_POOL", "4");
        env.put("PGRST_SERVER_HOST", "127.0.0.1");
        env.put("PGRST_SERVER_PORT", Integer.toString(port));
        env.put("PGRST_ADMIN_SERVER_PORT", Integer.toString(adminPort));
        env.put("PGRST_LOG_LEVEL", "warn");
        Process started = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!started.isAlive()) {
                    throw new IOException("PostgREST exited with " + started.exitValue() + ": " + logTail());
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        process = started;
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started.destroyForcibly();
        throw new IllegalStateException("PostgREST did not become ready in 30 s: " + logTail());
    }

    /** Creates Supabase's roles and grants them what Supabase grants, on the tables there are and to come. */
    private void prepareDatabase() {
        try {
            createRoles();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the Supabase roles: " + e.getMessage(), e);
        }
        db.sql("""
                GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
                GRANT ALL ON ALL TABLES IN SCHEMA public TO anon, authenticated, service_role;
                GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO anon, authenticated, service_role;
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
                """);
    }

    /** Polls the API description until it lists every table of {@code public} that service_role may read. */
    private void awaitSchema() {
        Set<String> expected = new HashSet<>();
        db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                + " AND has_table_privilege('service_role', format('%I.%I', schemaname, tablename), 'SELECT')")
                .forEach(row -> expected.add((String) row.get("tablename")));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .header("Authorization", "Bearer " + keys.get(Key.SERVICE_ROLE_JWT)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                Set<String> described = new HashSet<>();
                JsonNode document = JSON.readTree(response.body());
                document.path("definitions").fieldNames().forEachRemaining(described::add);
                if (described.containsAll(expected)) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Cannot read PostgREST's schema: " + e.getMessage(), e);
        }
        throw new IllegalStateException("PostgREST did not reload its schema cache in 15 s: " + logTail());
    }

    /**
     * Creates the cluster-wide roles once, under an advisory lock of the server's maintenance database
     * (test JVMs run side by side), and ignoring a role another one created first.
     */
    private static void createRoles() throws SQLException {
        PostgresUrl admin = PostgresUrl.parse(PgDatabaseExtension.SERVER_URL);
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(2026121001)");
            try {
                statement.execute("""
                        DO $$
                        DECLARE
                          spec text[];
                        BEGIN
                          FOREACH spec SLICE 1 IN ARRAY ARRAY[['anon', 'NOLOGIN NOINHERIT'],
                              ['authenticated', 'NOLOGIN NOINHERIT'], ['service_role', 'NOLOGIN NOINHERIT BYPASSRLS'],
                              ['authenticator', 'LOGIN NOINHERIT PASSWORD %L']] LOOP
                            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = spec[1]) THEN
                              BEGIN
                                EXECUTE format('CREATE ROLE %I ', spec[1]) || spec[2];
                              EXCEPTION WHEN duplicate_object OR unique_violation THEN
                                NULL;
                              END;
                            END IF;
                          END LOOP;
                        END
                        $$""".replace("%L", "''" + AUTHENTICATOR_PASSWORD + "''"));
                statement.execute("GRANT anon, authenticated, service_role TO authenticator");
            } finally {
                statement.execute("SELECT pg_advisory_unlock(2026121001)");
            }
        }
    }

    private String authenticatorUrl() {
        String url = db.url();
        int scheme = url.indexOf("://") + 3;
        int at = url.indexOf('@', scheme);
        int slash = url.indexOf('/', scheme);
        String host = at >= 0 && at < slash ? url.substring(at + 1) : url.substring(scheme);
        return url.substring(0, scheme) + "authenticator:" + AUTHENTICATOR_PASSWORD + "@" + host;
    }

    private static synchronized String binary() throws IOException {
        if (binary != null) {
            return binary;
        }
        String configured = System.getenv("POSTGREST_BIN");
        if (configured != null && !configured.isBlank()) {
            return binary = configured;
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/postgrest.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("scripts/postgrest.sh not found above " + Path.of("").toAbsolutePath()
                    + "; set POSTGREST_BIN to a PostgREST 12 binary");
        }
        Process install = new ProcessBuilder("bash", dir.resolve("scripts/postgrest.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String path = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (install.waitFor() != 0 || path.isEmpty()) {
                throw new IOException("scripts/postgrest.sh could not install PostgREST (exit " + install.exitValue()
                        + "); set POSTGREST_BIN to a PostgREST 12 binary");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return binary = path;
    }

    private String logTail() {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
