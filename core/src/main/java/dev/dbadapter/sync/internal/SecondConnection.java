package dev.dbadapter.sync.internal;

import dev.dbadapter.adapter.postgres.ConnectionCallback;
import dev.dbadapter.adapter.postgres.PostgresClient;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A second connection of the destination, in a read-only repeatable-read transaction of its own,
 * that runs the work handed to it one piece after another: every piece sees the same snapshot, so
 * a row's place ({@code ctid}) read by one piece finds the same row in the next. Its transaction
 * ends when it is closed, or when a piece fails.
 */
final class SecondConnection implements AutoCloseable {
    private final BlockingQueue<Piece<?>> pieces = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> transaction;

    /** A piece of work and the future of its result. */
    private record Piece<T>(ConnectionCallback<T> work, CompletableFuture<T> result) {
        void run(Connection connection) throws Exception {
            try {
                result.complete(work.apply(connection));
            } catch (Exception | Error error) {
                result.completeExceptionally(error);
                throw error;
            }
        }
    }

    private static final Piece<Void> END = new Piece<>(connection -> null, new CompletableFuture<>());

    /**
     * Opens the transaction on a connection of {@code destination} and readies it with {@code prepare}
     * before the first piece runs.
     */
    SecondConnection(PostgresClient destination, ConnectionCallback<Void> prepare) {
        transaction = destination.inTransaction(tx -> tx.withConnection(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            prepare.apply(connection);
            for (Piece<?> piece = pieces.take(); piece != END; piece = pieces.take()) {
                piece.run(connection);
            }
            return null;
        }));
        transaction.whenComplete((done, error) -> failWaiting(error));
    }

    /** Hands {@code work} over; the future fails when the transaction ended before it ran, or when it throws. */
    <T> CompletableFuture<T> submit(ConnectionCallback<T> work) {
        Piece<T> piece = new Piece<>(work, new CompletableFuture<>());
        pieces.add(piece);
        if (transaction.isDone()) {
            failWaiting(transaction.isCompletedExceptionally() ? transaction.exceptionNow() : null);
        }
        return piece.result();
    }

    /** Ends the transaction once the pieces handed over have run, and waits for it. */
    @Override
    public void close() {
        pieces.add(END);
        transaction.exceptionally(error -> null).join();
    }

    /** Fails the pieces that will not run now that the transaction has ended. */
    private void failWaiting(Throwable error) {
        for (Piece<?> piece = pieces.poll(); piece != null; piece = pieces.poll()) {
            piece.result().completeExceptionally(error != null ? error
                    : new IllegalStateException("the destination's second connection was closed"));
        }
    }
}
