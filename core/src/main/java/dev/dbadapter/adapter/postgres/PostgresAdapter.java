package dev.dbadapter.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.dbadapter.adapter.ClientClosedException;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.internal.AbstractPostgresClient;
import dev.dbadapter.adapter.postgres.internal.BoundClient;
import dev.dbadapter.adapter.postgres.internal.Connections;
import dev.dbadapter.adapter.postgres.internal.ColumnTypes;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.adapter.postgres.internal.StatementLog;
import dev.dbadapter.adapter.postgres.internal.StatementTimeout;
import dev.dbadapter.adapter.postgres.internal.StatementCache;
import dev.dbadapter.internal.AsyncCalls;
import java.sql.Connection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL {@link DatabaseClient}: pgjdbc behind a HikariCP pool, each call run on a virtual
 * thread of the adapter's, or on the caller's own thread when it joins the call's future before a
 * worker has started it. Build one with {@link #connect(String)}, {@link #builder(String)} or
 * {@link #of(DataSource)}; close it to release the pool.
 *
 * <pre>{@code
 * try (PostgresAdapter db = PostgresAdapter.connect("postgresql://app@localhost/shop")) {
 *     Map<String, Object> row = db.insert("products", Map.of("slug", "hammer", "name", "Hammer")).join();
 * }
 * }</pre>
 */
public final class PostgresAdapter extends AbstractPostgresClient {
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final AsyncCalls calls = new AsyncCalls("db-adapter-worker", this::closedError);
    private final String displayUrl;

    private final long statementTimeoutMillis;

    private PostgresAdapter(DataSource dataSource, HikariDataSource ownedPool, String displayUrl,
            Set<String> jsonbColumns, long statementTimeoutMillis) {
        super(new ColumnTypes(jsonbColumns), new StatementCache());
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.displayUrl = displayUrl;
        this.statementTimeoutMillis = statementTimeoutMillis;
    }

    /**
     * Creates an adapter with default pool settings. No connection is opened until the first call.
     *
     * @param url a {@code postgresql://}, {@code postgres://}, {@code postgresql+asyncpg://} or
     *     {@code jdbc:postgresql://} URL
     * @throws IllegalArgumentException when the URL cannot be parsed
     */
    public static PostgresAdapter connect(String url) {
        return builder(url).build();
    }

    /** Starts building an adapter for {@code url}; see {@link #connect(String)}. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /**
     * Creates an adapter over an existing {@link DataSource}. The adapter does not close it.
     */
    public static PostgresAdapter of(DataSource dataSource) {
        return of(dataSource, Set.of());
    }

    /**
     * Creates an adapter over an existing {@link DataSource}, writing list values of
     * {@code jsonbColumns} as JSON. The adapter does not close the data source.
     */
    public static PostgresAdapter of(DataSource dataSource, Set<String> jsonbColumns) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new PostgresAdapter(dataSource, null, dataSource.getClass().getSimpleName(), Set.copyOf(jsonbColumns), 0);
    }

    @Override
    protected <T> CompletableFuture<T> run(String where, ConnectionCallback<T> work) {
        return submit(where, work, false);
    }

    @Override
    protected <T> CompletableFuture<T> runReading(String where, ConnectionCallback<T> work) {
        return submit(where, work, true);
    }

    /**
     * Runs {@code work} on a pooled connection. A connection the server has ended (every session of a
     * restarted server or pooler, a {@code pg_terminate_backend}) makes the pool drop its idle
     * connections, which are most likely dead too; a read is then tried once more on a new connection.
     * A write is not: the server may have committed it before the connection died.
     */
    private <T> CompletableFuture<T> submit(String where, ConnectionCallback<T> work, boolean retryable) {
        return calls.submit(() -> {
            try {
                return attempt(work);
            } catch (Exception error) {
                if (!SqlErrors.isSessionLost(error)) {
                    throw error;
                }
                evictIdleConnections();
                if (!retryable || calls.isClosed()) {
                    throw error;
                }
                try {
                    return attempt(work);
                } catch (Exception again) {
                    again.addSuppressed(error);
                    throw again;
                }
            }
        }, error -> SqlErrors.translate(error, where));
    }

    private <T> T attempt(ConnectionCallback<T> work) throws Exception {
        try (Connection pooled = dataSource.getConnection()) {
            return work.apply(StatementLog.wrap(StatementTimeout.wrap(pooled, statementTimeoutMillis)));
        }
    }

    private void evictIdleConnections() {
        if (ownedPool != null && ownedPool.getHikariPoolMXBean() != null) {
            ownedPool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    public <T> CompletableFuture<T> inTransaction(Function<PostgresClient, ? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        return run("transaction", connection -> {
            connection.setAutoCommit(false);
            BoundClient bound = new BoundClient(connection, calls.executor(), columnTypes, statements, displayUrl);
            try {
                T value = work.apply(bound).toCompletableFuture().join();
                bound.finish();
                if (BoundClient.isAborted(connection)) {
                    // PostgreSQL would turn the COMMIT into a ROLLBACK without an error
                    throw bound.rolledBack();
                }
                connection.commit();
                return value;
            } catch (Throwable error) {
                try {
                    bound.finish();
                } catch (RuntimeException ignored) {
                    // a pending call failed too; the first error is the one to report
                }
                Connections.rollbackAfter(connection, error);
                throw SqlErrors.translate(error, null);
            } finally {
                Connections.restoreAutoCommit(connection);
            }
        });
    }

    /** Returns the pool's current numbers; all zero for an adapter built on a foreign {@link DataSource}. */
    public PoolStats poolStats() {
        if (ownedPool == null || ownedPool.getHikariPoolMXBean() == null) {
            return new PoolStats(0, 0, 0, 0);
        }
        HikariPoolMXBean pool = ownedPool.getHikariPoolMXBean();
        return new PoolStats(pool.getActiveConnections(), pool.getIdleConnections(),
                pool.getTotalConnections(), pool.getThreadsAwaitingConnection());
    }

    @Override
    public String displayUrl() {
        return displayUrl;
    }

    /** Returns whether {@link #close()} has been called. */
    public boolean isClosed() {
        return calls.isClosed();
    }

    /**
     * Refuses new calls, waits for running ones, then closes the pool it created. Idempotent. Called
     * from a callback of one of this adapter's own futures, it returns at once and releases the pool
     * once the running calls, that callback's included, have finished.
     */
    @Override
    public void close() {
        calls.close(() -> {
            if (ownedPool != null) {
                ownedPool.close();
            }
        });
    }

    /** The driver counts its socket timeout in whole seconds: a positive duration below one is one. */
    private static int wholeSeconds(java.time.Duration duration) {
        return duration.isZero() ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toSeconds()));
    }

    @Override
    public String toString() {
        return "PostgresAdapter[" + displayUrl + "]";
    }

    private ClientClosedException closedError() {
        return new ClientClosedException("This PostgresAdapter (" + displayUrl
                + ") is closed", "create a new adapter; close() releases the pool for good");
    }

    /** Builds a {@link PostgresAdapter} with non-default pool settings or json column names. */
    public static final class Builder {
        private final PostgresUrl url;
        private final String rawUrl;
        private PoolOptions pool = PoolOptions.DEFAULTS;
        private Set<String> jsonbColumns = Set.of();
        private String applicationName = "db-adapter";
        private boolean pooled = true;

        private Builder(String url) {
            this.url = PostgresUrl.parse(url);
            this.rawUrl = url;
        }

        /** Sets the pool options (default {@link PoolOptions#DEFAULTS}). */
        public Builder pool(PoolOptions options) {
            this.pool = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Names columns whose {@code List} values are written as JSON rather than as arrays. Columns of
         * type json/jsonb are recognised without this.
         */
        public Builder jsonbColumns(Set<String> columns) {
            this.jsonbColumns = Set.copyOf(columns);
            return this;
        }

        /** Sets the {@code application_name} the server shows (default {@code db-adapter}). */
        public Builder applicationName(String name) {
            this.applicationName = name;
            return this;
        }

        /**
         * Opens a new connection for each call instead of keeping a pool: for short-lived processes
         * that run a few statements one after another, where starting a pool costs more than it saves.
         * The pool sizes and waits of {@link #pool(PoolOptions)} are then unused; its connect timeout
         * still applies.
         */
        public Builder unpooled() {
            this.pooled = false;
            return this;
        }

        /** Creates the adapter; no connection is opened yet. */
        public PostgresAdapter build() {
            long statementTimeout = pool.statementTimeout().toMillis();
            PGSimpleDataSource driver = new PGSimpleDataSource();
            driver.setUrl(url.jdbcUrl());
            if (url.user() != null) {
                driver.setUser(url.user());
            }
            if (url.password() != null) {
                driver.setPassword(url.password());
            }
            if (!url.jdbcUrl().contains("connectTimeout=")) {
                driver.setConnectTimeout((int) Math.max(1, pool.connectTimeout().toSeconds()));
            }
            if (!url.jdbcUrl().contains("socketTimeout=")) {
                driver.setSocketTimeout(wholeSeconds(pool.socketTimeout()));
            }
            if (!url.jdbcUrl().contains("ApplicationName=")) {
                driver.setApplicationName(applicationName);
            }
            if (!url.jdbcUrl().contains("binaryTransferDisable=")) {
                // numeric values are read as the server's text (exact, NaN and the infinities included); in
                // binary, the driver builds a calendar for each result set just to give that text
                driver.setBinaryTransferDisable("NUMERIC,NUMERIC_ARRAY");
            }
            if (!pooled) {
                return new PostgresAdapter(driver, null, PostgresUrl.mask(rawUrl), jsonbColumns, statementTimeout);
            }
            HikariConfig config = new HikariConfig();
            config.setDataSource(driver);
            config.setMinimumIdle(pool.minIdle());
            config.setMaximumPoolSize(pool.maxSize());
            config.setConnectionTimeout(Math.max(250, pool.acquireTimeout().toMillis()));
            config.setIdleTimeout(pool.idleTimeout().toMillis());
            config.setMaxLifetime(Math.max(30_000, pool.maxLifetime().toMillis()));
            config.setInitializationFailTimeout(-1);
            config.setPoolName("db-adapter");
            HikariDataSource pooled = new HikariDataSource(config);
            return new PostgresAdapter(pooled, pooled, PostgresUrl.mask(rawUrl), jsonbColumns, statementTimeout);
        }
    }
}
