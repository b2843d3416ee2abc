package dev.dbadapter.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on the adapter's futures in tests: values come back plain, failures unwrapped. */
public final class Async {
    /** Generous upper bound so a hung future fails the test instead of the build; never asserted on. */
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Async() {
    }

    /** Returns the future's value, rethrowing its failure unwrapped. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("Future failed with a checked exception", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("Future did not complete", e);
        }
    }

    /** Returns the exception the future failed with; fails the test when it succeeded. */
    public static Throwable failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("Expected the future to fail, but it completed with " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isNotNull();
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("Future did not complete", e);
        }
    }
}
