package dev.dbadapter.sync.internal;

import dev.dbadapter.adapter.postgres.ConnectionCallback;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.internal.StagingWriter;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.copy.CopyOut;

/**
 * The rows of a comparison from both databases at once, so that both servers compute their digests
 * at the same time: the source's COPY is read on the calling thread, the destination's on its
 * {@link SecondConnection}, on that connection's thread, and handed over through a bounded queue
 * (memory stays flat). Rows are merged as they come; each says its side in its first column.
 */
final class BothSides implements StagingWriter.CopyRows {
    private static final byte[] END = new byte[0];
    private static final int QUEUED_ROWS = 8192;

    private final CopyOut source;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_ROWS);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> destination;
    private boolean sourceDone;
    private boolean destinationDone;

    /** Reads {@code source} here and, on {@code second}, the COPY that {@code open} starts there. */
    BothSides(CopyOut source, SecondConnection second, ConnectionCallback<CopyOut> open) {
        this.source = source;
        this.destination = second.submit(connection -> {
            CopyOut copy = null;
            try {
                copy = open.apply(connection);
                byte[] row;
                while ((row = copy.readFromCopy()) != null && hand(row)) {
                    // handed over
                }
            } finally {
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
                hand(END);
            }
            return null;
        });
        // a failure before the callback ran (no connection) still ends the destination's rows
        destination.whenComplete((done, error) -> hand(END));
    }

    @Override
    public byte[] next() throws SQLException {
        while (true) {
            if (!destinationDone) {
                byte[] row = sourceDone ? take() : queue.poll();
                if (row == END) {
                    destinationDone = true;
                    awaitDestination();
                    continue;
                }
                if (row != null) {
                    return row;
                }
            }
            if (sourceDone) {
                return null;
            }
            byte[] row = source.readFromCopy();
            if (row != null) {
                return row;
            }
            sourceDone = true;
        }
    }

    @Override
    public void cancel() throws SQLException {
        stopped.set(true);
        try {
            if (source.isActive()) {
                source.cancelCopy();
            }
        } finally {
            destination.exceptionally(error -> null).join();
        }
    }

    /** Queues {@code row} unless reading stopped; returns whether it was queued. */
    private boolean hand(byte[] row) {
        try {
            while (!stopped.get()) {
                if (queue.offer(row, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private byte[] take() throws SQLException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the destination's digests", e);
        }
    }

    /** Throws what the destination's reading failed with, if it failed. */
    private void awaitDestination() {
        try {
            destination.join();
        } catch (CompletionException e) {
            throw SqlErrors.translate(e, "reading the destination's digests");
        }
    }
}
