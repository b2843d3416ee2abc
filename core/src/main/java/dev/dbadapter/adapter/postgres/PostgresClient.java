package dev.dbadapter.adapter.postgres;

import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.Provider;
import dev.dbadapter.adapter.UnsupportedOperationForBackendException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link DatabaseClient} backed by PostgreSQL over JDBC. Both {@link PostgresAdapter} and the
 * transaction-bound clients it hands out implement it, so code that needs the raw connection (COPY,
 * catalog queries) can run inside a caller's transaction. Code given a plain {@link DatabaseClient}
 * asks for this capability with {@link #require(DatabaseClient, String)}.
 */
public interface PostgresClient extends DatabaseClient {

    /**
     * Returns {@code client} as a {@code PostgresClient}, for an operation that needs a direct
     * PostgreSQL connection.
     *
     * @param operation what needs it, for the message ({@code "schema fix"}, {@code "row count"})
     * @throws UnsupportedOperationForBackendException when {@code client} has no direct PostgreSQL
     *     connection; the message names the operation, the client and its provider
     */
    static PostgresClient require(DatabaseClient client, String operation) {
        Objects.requireNonNull(client, "client");
        if (client instanceof PostgresClient postgres) {
            return postgres;
        }
        Provider provider = client.provider();
        throw new UnsupportedOperationForBackendException(operation, provider, "The " + operation
                + " needs a direct PostgreSQL connection, which " + client.getClass().getSimpleName()
                + " (provider " + provider + ") does not offer",
                "use a profile with provider = \"postgres\"; from Java, pass a PostgresAdapter or the client"
                        + " its transaction hands out");
    }

    /**
     * Runs {@code callback} with a JDBC connection: the bound connection inside a transaction, else
     * one borrowed from the pool in auto-commit mode.
     *
     * @return a future of the callback's result; failures complete it exceptionally
     */
    <T> CompletableFuture<T> withConnection(ConnectionCallback<T> callback);

    /**
     * Runs {@code work} in a transaction, as {@link #transaction} does, handing it a
     * {@code PostgresClient} bound to the transaction's connection, so its work can use
     * {@link #withConnection} without a cast. Called on a bound client it opens a savepoint.
     *
     * @return a future of the work's result; it fails, after the rollback, with the work's failure
     */
    <T> CompletableFuture<T> inTransaction(Function<PostgresClient, ? extends CompletionStage<T>> work);

    /** Runs {@code work} through {@link #inTransaction}. */
    @Override
    default <T> CompletableFuture<T> transaction(Function<DatabaseClient, ? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        return inTransaction(work::apply);
    }

    /** Returns {@link Provider#POSTGRES}. */
    @Override
    default Provider provider() {
        return Provider.POSTGRES;
    }

    /** Returns the connection URL with any password masked, for messages. */
    String displayUrl();
}
