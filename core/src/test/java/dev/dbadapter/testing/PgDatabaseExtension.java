package dev.dbadapter.testing;

import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a fresh PostgreSQL database on the server named by {@code DB_ADAPTER_TEST_URL}
 * (default {@code postgresql://postgres@127.0.0.1:5432/postgres}) and drops it afterwards. After each
 * test it checks that no adapter it handed out still holds a connection. An unreachable server fails
 * the class with a message saying how to point the tests at one.
 *
 * <pre>{@code @RegisterExtension static final PgDatabaseExtension db = new PgDatabaseExtension();}</pre>
 */
public final class PgDatabaseExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** The server the tests use. */
    public static final String SERVER_URL = System.getenv().getOrDefault("DB_ADAPTER_TEST_URL",
            "postgresql://postgres@127.0.0.1:5432/postgres");

    private final List<PostgresAdapter> adapters = new ArrayList<>();
    private String databaseName;
    private String url;
    private PostgresAdapter shared;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        String prefix = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        databaseName = "dbat_" + prefix.substring(0, Math.min(30, prefix.length())) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + databaseName);
        }
        url = withDatabase(SERVER_URL, databaseName);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (PostgresAdapter adapter : List.copyOf(adapters)) {
            if (adapter.isClosed()) {
                continue;
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (adapter.poolStats().active() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (adapter.poolStats().active() > 0) {
                throw new AssertionError("Test leaked " + adapter.poolStats().active()
                        + " connection(s) of " + adapter + ": a future or transaction was left open");
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        adapters.forEach(PostgresAdapter::close);
        adapters.clear();
        shared = null;
        if (databaseName != null) {
            try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
            }
        }
    }

    /** Returns the {@code postgresql://} URL of this class's database. */
    public String url() {
        return url;
    }

    /** Returns the name of this class's database. */
    public String databaseName() {
        return databaseName;
    }

    /** Returns an adapter on this class's database, shared by the class and closed after it. */
    public synchronized PostgresAdapter adapter() {
        if (shared == null || shared.isClosed()) {
            shared = newAdapter(PoolOptions.DEFAULTS.withFixedSize(5));
        }
        return shared;
    }

    /** Returns a new adapter on this class's database with {@code options}; closed after the class. */
    public synchronized PostgresAdapter newAdapter(PoolOptions options) {
        return newAdapter(url, options);
    }

    /**
     * Returns a new adapter on {@code adapterUrl} (this class's database through a proxy or a pooler,
     * say) with {@code options}; leak-checked and closed after the class like the others.
     */
    public synchronized PostgresAdapter newAdapter(String adapterUrl, PoolOptions options) {
        PostgresAdapter adapter = PostgresAdapter.builder(adapterUrl).pool(options).build();
        adapters.add(adapter);
        return adapter;
    }

    /** Returns this class's URL with {@code application_name} set, to find its sessions in {@code pg_stat_activity}. */
    public String urlNamed(String applicationName) {
        return url + (url.contains("?") ? "&" : "?") + "application_name=" + applicationName;
    }

    /**
     * Ends every server session of this class's database whose {@code application_name} is
     * {@code applicationName}, and waits until they are gone; returns how many there were. Sessions of
     * other databases or applications are never touched. Counts as one fault in {@link ReliabilityFigures}.
     */
    public int terminateSessions(String applicationName) {
        Object ended = scalar("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = '" + applicationName.replace("'", "''")
                + "' AND pid <> pg_backend_pid()");
        ReliabilityFigures.faultInjected();
        return ((Number) ended).intValue();
    }

    /** Returns how many server sessions of this class's database use {@code applicationName}. */
    public int sessions(String applicationName) {
        return ((Number) scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = '" + applicationName.replace("'", "''") + "'")).intValue();
    }

    /** Runs SQL directly over JDBC (no adapter), for setting up and checking test data. */
    public void sql(String sql) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test SQL failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** Runs a query directly over JDBC and returns its rows with the adapter's type mapping. */
    public List<Map<String, Object>> query(String sql) {
        try (Connection connection = connection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return ValueCodec.readAll(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("Test query failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** Runs a query that returns one value and returns it. */
    public Object scalar(String sql) {
        List<Map<String, Object>> rows = query(sql);
        return rows.isEmpty() ? null : rows.getFirst().values().iterator().next();
    }

    /** Opens a plain JDBC connection to this class's database; the caller closes it. */
    public Connection connection() throws SQLException {
        PostgresUrl parsed = PostgresUrl.parse(url);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    /** Returns {@code serverUrl} pointing at database {@code name}. */
    public static String withDatabase(String serverUrl, String name) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + name + params;
    }

    private static Connection adminConnection() {
        PostgresUrl parsed = PostgresUrl.parse(SERVER_URL);
        try {
            return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL server for the tests at " + PostgresUrl.mask(SERVER_URL)
                    + " (" + e.getMessage() + "). Start one, or set DB_ADAPTER_TEST_URL to a reachable server.", e);
        }
    }
}
