package dev.dbadapter.testing;

import dev.dbadapter.adapter.ColumnInfo;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Page;
import dev.dbadapter.adapter.Provider;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link DatabaseClient} that forwards every call to another client but is not a
 * {@link dev.dbadapter.adapter.postgres.PostgresClient}: how a backend without a direct PostgreSQL
 * connection looks to code that needs one. Its {@link #provider()} is whatever the test says. It
 * counts the calls of each method, so a test can check how many round trips an operation made.
 */
public final class ForwardingClient implements DatabaseClient {
    private final DatabaseClient delegate;
    private final Provider provider;
    private final Map<String, Long> calls;

    /** Forwards to {@code delegate}, reporting {@code provider} as its backend. */
    public ForwardingClient(DatabaseClient delegate, Provider provider) {
        this(delegate, provider, new ConcurrentHashMap<>());
    }

    private ForwardingClient(DatabaseClient delegate, Provider provider, Map<String, Long> calls) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.calls = calls;
    }

    /** Returns how often {@code method} ({@code "insert"}, {@code "selectPage"}) was called, in transactions too. */
    public long calls(String method) {
        return calls.getOrDefault(method, 0L);
    }

    private void count(String method) {
        calls.merge(method, 1L, Long::sum);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> select(String table, String columns, Map<String, ?> filters,
            String orderBy) {
        count("select");
        return delegate.select(table, columns, filters, orderBy);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> selectPage(String table, String columns, Map<String, ?> filters,
            Page page) {
        count("selectPage");
        return delegate.selectPage(table, columns, filters, page);
    }

    @Override
    public CompletableFuture<List<ColumnInfo>> columns(String table) {
        count("columns");
        return delegate.columns(table);
    }

    @Override
    public CompletableFuture<Map<String, Object>> insert(String table, Map<String, ?> data) {
        count("insert");
        return delegate.insert(table, data);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> insertMany(String table, List<? extends Map<String, ?>> rows) {
        count("insertMany");
        return delegate.insertMany(table, rows);
    }

    @Override
    public CompletableFuture<Map<String, Object>> update(String table, Map<String, ?> data, Map<String, ?> filters) {
        count("update");
        return delegate.update(table, data, filters);
    }

    @Override
    public CompletableFuture<Integer> delete(String table, Map<String, ?> filters) {
        count("delete");
        return delegate.delete(table, filters);
    }

    @Override
    public CompletableFuture<Long> count(String table, Map<String, ?> filters) {
        count("count");
        return delegate.count(table, filters);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> execute(String sql, Map<String, ?> params) {
        count("execute");
        return delegate.execute(sql, params);
    }

    /** Runs {@code work} in the delegate's transaction, handing it a forwarding client over the bound one. */
    @Override
    public <T> CompletableFuture<T> transaction(Function<DatabaseClient, ? extends CompletionStage<T>> work) {
        count("transaction");
        return delegate.transaction(bound -> work.apply(new ForwardingClient(bound, provider, calls)));
    }

    @Override
    public Provider provider() {
        return provider;
    }

    /** Does nothing: the delegate belongs to the test. */
    @Override
    public void close() {
        // the delegate is closed by whoever made it
    }
}
