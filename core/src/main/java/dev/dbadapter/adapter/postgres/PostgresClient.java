package dev.dbadapter.adapter.postgres;

import dev.dbadapter.adapter.DatabaseClient;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DatabaseClient} backed by PostgreSQL over JDBC. Both {@link PostgresAdapter} and the
 * transaction-bound clients it hands out implement it, so code that needs the raw connection (COPY,
 * catalog queries) can run inside a caller's transaction.
 */
public interface PostgresClient extends DatabaseClient {

    /**
     * Runs {@code callback} with a JDBC connection: the bound connection inside a transaction, else
     * one borrowed from the pool in auto-commit mode.
     *
     * @return a future of the callback's result; failures complete it exceptionally
     */
    <T> CompletableFuture<T> withConnection(ConnectionCallback<T> callback);

    /** Returns the connection URL with any password masked, for messages. */
    String displayUrl();
}
