package dev.dbadapter.bench;

import dev.dbadapter.adapter.postgres.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A database created for one benchmark run on the given server and dropped when closed. */
final class BenchDatabase implements AutoCloseable {
    private final String serverUrl;
    private final String name;

    private BenchDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
    }

    /** Creates a fresh database named after {@code benchmark} on the server of {@code serverUrl}. */
    static BenchDatabase create(String serverUrl, String benchmark) throws SQLException {
        String name = "dbabench_" + benchmark.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connect(serverUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new SQLException("Cannot create the benchmark database on " + PostgresUrl.mask(serverUrl)
                    + " (set DB_ADAPTER_BENCH_URL to a reachable server): " + e.getMessage(), e);
        }
        return new BenchDatabase(serverUrl, name);
    }

    /** Creates another fresh database on the same server, for benchmarks that need two. */
    BenchDatabase sibling(String purpose) throws SQLException {
        return create(serverUrl, purpose);
    }

    /** Returns the {@code postgresql://} URL of the benchmark database. */
    String url() {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + name + params;
    }

    /** Returns the parsed form of {@link #url()}, for raw JDBC. */
    PostgresUrl parsedUrl() {
        return PostgresUrl.parse(url());
    }

    /** Opens a plain JDBC connection to the benchmark database. */
    Connection connection() throws SQLException {
        return connect(url());
    }

    private static Connection connect(String url) throws SQLException {
        PostgresUrl parsed = PostgresUrl.parse(url);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = connect(serverUrl); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
