package dev.dbadapter.adapter.postgres.internal;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.ConnectionCallback;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A client bound to one connection inside a transaction. Its calls run one at a time in submission
 * order; {@link #transaction} opens a savepoint. Once the transaction ends, calls fail fast.
 */
public final class BoundClient extends AbstractPostgresClient {
    private final Connection connection;
    private final Executor executor;
    private final String displayUrl;
    private final AtomicInteger savepoints = new AtomicInteger();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean finished;

    /** Binds a client to {@code connection}, which must already have auto-commit off. */
    public BoundClient(Connection connection, Executor executor, ColumnTypes columnTypes, String displayUrl) {
        super(columnTypes);
        this.connection = connection;
        this.executor = executor;
        this.displayUrl = displayUrl;
    }

    @Override
    protected synchronized <T> CompletableFuture<T> run(String where, ConnectionCallback<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (finished) {
            result.completeExceptionally(new DbAdapterException(ErrorCode.USAGE,
                    "This transaction has already ended: use the client passed to transaction() only inside it"));
            return result;
        }
        tail = tail.thenRunAsync(() -> {
            try {
                result.complete(work.apply(connection));
            } catch (Throwable error) {
                result.completeExceptionally(SqlErrors.translate(error, where));
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
    public <T> CompletableFuture<T> transaction(Function<DatabaseClient, ? extends CompletionStage<T>> work) {
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
                        run("release savepoint", connection -> execute(connection, "RELEASE SAVEPOINT " + savepoint))
                                .whenComplete((ignored, releaseError) -> {
                                    if (releaseError != null) {
                                        result.completeExceptionally(releaseError);
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

    private static Void execute(Connection connection, String sql) throws java.sql.SQLException {
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
