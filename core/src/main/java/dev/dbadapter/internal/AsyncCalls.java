package dev.dbadapter.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How an adapter turns blocking work into a future, written once for every backend: the work runs on
 * the adapter's executor, its value or translated failure completes the future, and a closed adapter
 * (or one whose executor has shut down meanwhile) fails it at once.
 */
public final class AsyncCalls {
    private AsyncCalls() {
    }

    /**
     * Runs {@code work} on {@code executor} and returns the future of its result.
     *
     * @param closed whether the adapter is closed: the future then fails with {@code closedError} unrun
     * @param translate turns what {@code work} threw into what the future fails with
     */
    public static <T> CompletableFuture<T> submit(Executor executor, boolean closed,
            Supplier<? extends RuntimeException> closedError, Callable<T> work,
            Function<Throwable, ? extends Throwable> translate) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(closedError.get());
            return result;
        }
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable error) {
                    result.completeExceptionally(translate.apply(error));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedError.get());
        }
        return result;
    }
}
