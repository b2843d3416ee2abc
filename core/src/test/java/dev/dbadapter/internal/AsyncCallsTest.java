package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncCallsTest {
    private static final Supplier<RuntimeException> CLOSED = () -> new IllegalStateException("adapter is closed");

    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "async-calls-test"));

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
        throw new AssertionError("the future completed normally");
    }

    @Test
    void theWorkRunsOnTheExecutorAndItsValueCompletesTheFuture() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<Integer> future = AsyncCalls.submit(executor, false, CLOSED, () -> {
            thread.set(Thread.currentThread().getName());
            return 42;
        }, error -> new AssertionError("no failure expected", error));

        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(thread.get()).isEqualTo("async-calls-test");
    }

    @Test
    void aNullValueCompletesTheFutureWithNull() throws Exception {
        assertThat(AsyncCalls.submit(executor, false, CLOSED, () -> null, error -> error).get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void whatTheWorkThrowsIsTranslatedBeforeItFailsTheFuture() throws Exception {
        Exception thrown = new SQLException("boom", "23505");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CompletableFuture<Object> future = AsyncCalls.submit(executor, false, CLOSED, () -> {
            throw thrown;
        }, error -> {
            seen.set(error);
            return new IllegalArgumentException("translated: " + error.getMessage());
        });

        Throwable failure = failureOf(future);
        assertThat(seen.get()).isSameAs(thrown);
        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("translated: boom");
    }

    @Test
    void anErrorThrownByTheWorkIsTranslatedToo() throws Exception {
        CompletableFuture<Object> future = AsyncCalls.submit(executor, false, CLOSED, () -> {
            throw new StackOverflowError("deep");
        }, error -> new IllegalStateException("translated " + error.getClass().getSimpleName()));

        assertThat(failureOf(future)).hasMessage("translated StackOverflowError");
    }

    @Test
    void aClosedAdapterFailsTheFutureAtOnceWithoutRunningTheWork() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> future = AsyncCalls.submit(executor, true, CLOSED, runs::incrementAndGet, error -> error);

        assertThat(future).isCompletedExceptionally();
        assertThat(failureOf(future)).isInstanceOf(IllegalStateException.class).hasMessage("adapter is closed");
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void anExecutorThatWasShutDownMeanwhileFailsTheFutureAsClosed() throws Exception {
        executor.shutdown();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> future = AsyncCalls.submit(executor, false, CLOSED, runs::incrementAndGet, error -> error);

        assertThat(future).isCompletedExceptionally();
        assertThat(failureOf(future)).isInstanceOf(IllegalStateException.class).hasMessage("adapter is closed");
        assertThat(runs).hasValue(0);
    }
}
