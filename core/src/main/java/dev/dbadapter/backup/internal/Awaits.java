package dev.dbadapter.backup.internal;

import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for a client's future on the calling thread, as the backup and restore engines for any client do. */
public final class Awaits {
    private Awaits() {
    }

    /**
     * Returns the future's value.
     *
     * @throws RuntimeException the future's failure itself (a {@link dev.dbadapter.DbAdapterException}
     *     as the client raised it), not wrapped in a {@link CompletionException}
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            throw SqlErrors.translate(e, null);
        }
    }
}
