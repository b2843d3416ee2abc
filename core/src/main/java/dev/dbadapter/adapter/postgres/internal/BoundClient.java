package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.ErrorCode;
import dev.dbadapter.UsageException;
import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.ConnectionCallback;
import dev.dbadapter.adapter.postgres.PostgresClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A client bound to one connection inside a transaction. Its calls run one at a time in submission
 * order; {@link #inTransaction} (and so {@link #transaction}) opens a savepoint. Once the transaction ends, calls fail fast.
 */
public final class BoundClient extends AbstractPostgresClient {
    private final Connection connection;
    private final Executor executor;
    private final String displayUrl;
    private final AtomicInteger savepoints = new AtomicInteger();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean finished;
    private volatile DatabaseException lastSqlFailure;

    /**
     * Binds a client to {@code connection}, which must already have auto-commit off; it shares its
     * adapter's caches.
     */
    public BoundClient(Connection connection, Executor executor, ColumnTypes columnTypes, StatementCache statements,
            String displayUrl) {
        super(columnTypes, statements);
        this.connection = connection;
        this.executor = executor;
        this.displayUrl = displayUrl;
    }

    @Override
    protected synchronized <T> CompletableFuture<T> run(String where, ConnectionCallback<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (finished) {
            result.completeExceptionally(new UsageException(
                    "This transaction has already ended: use the client passed to transaction() only inside it", null));
            return result;
        }
        tail = tail.thenRunAsync(() -> {
            try {
                result.complete(work.apply(connection));
            } catch (Throwable error) {
                RuntimeException translated = SqlErrors.translate(error, where);
                if (translated instanceof DatabaseException sql) {
                    lastSqlFailure = sql;
                }
                result.completeExceptionally(translated);
            }
        }, executor);
        return result;
    }

    /**
     * Waits for every submitted call to finish, then refuses new ones. Called by the owner before it
     * commits or rolls back.
     */
    public void finish() {
        CompletableFuture<Void> pending;
        synchronized (this) {
            finished = true;
            pending = tail;
        }
        pending.join();
    }

    @Override
    public <T> CompletableFuture<T> inTransaction(Function<PostgresClient, ? extends CompletionStage<T>> work) {
        String savepoint = "db_adapter_sp_" + savepoints.incrementAndGet();
        CompletableFuture<T> result = new CompletableFuture<>();
        run("savepoint", connection -> execute(connection, "SAVEPOINT " + savepoint))
                .thenCompose(ignored -> {
                    try {
                        return work.apply(this);
                    } catch (RuntimeException error) {
                        return CompletableFuture.failedFuture(error);
                    }
                })
                .whenComplete((value, error) -> {
                    if (error == null) {
                        run("release savepoint", connection -> {
                            if (isAborted(connection)) {
                                // the work swallowed a failed statement: undo its part, keep the outer one usable
                                execute(connection, "ROLLBACK TO SAVEPOINT " + savepoint);
                                throw rolledBack();
                            }
                            return execute(connection, "RELEASE SAVEPOINT " + savepoint);
                        })
                                .whenComplete((ignored, releaseError) -> {
                                    if (releaseError != null) {
                                        result.completeExceptionally(SqlErrors.translate(releaseError, null));
                                    } else {
                                        result.complete(value);
                                    }
                                });
                    } else {
                        Throwable cause = SqlErrors.translate(error, null);
                        run("rollback to savepoint", connection -> execute(connection, "ROLLBACK TO SAVEPOINT " + savepoint))
                                .whenComplete((ignored, rollbackError) -> result.completeExceptionally(cause));
                    }
                });
        return result;
    }

    /**
     * Returns whether the transaction on {@code connection} is aborted by a failed statement, so that
     * a COMMIT would silently roll back.
     */
    public static boolean isAborted(Connection connection) throws SQLException {
        return connection.isWrapperFor(BaseConnection.class)
                && connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED;
    }

    /**
     * Returns the error reported when the transaction (or savepoint) had to be rolled back because a
     * statement in it failed and the work carried on regardless; it carries that statement's error.
     */
    public DatabaseException rolledBack() {
        DatabaseException cause = lastSqlFailure;
        return new DatabaseException(ErrorCode.SQL,
                "Transaction rolled back because a statement in it failed"
                        + (cause == null ? "" : ": " + cause.getMessage()),
                cause == null || cause.sqlState() == null ? "25P02" : cause.sqlState(),
                cause == null ? null : cause.serverMessage(), cause == null ? null : cause.detail(),
                "wrap a statement that may fail in a nested transaction(...) to keep the rest",
                cause == null ? null : cause.constraint(), cause);
    }

    private static Void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }

    @Override
    public String displayUrl() {
        return displayUrl;
    }

    /** Does nothing: the transaction's owner releases the connection when the transaction ends. */
    @Override
    public void close() {
        // the connection belongs to the enclosing transaction
    }
}
