package dev.dbadapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls run once each, on a worker or on the thread that joins them first; failures are translated;
 * a closed instance refuses calls and its close waits for every running call, wherever it runs.
 */
class AsyncCallsTest {
    private static final Supplier<RuntimeException> CLOSED = () -> new IllegalStateException("adapter is closed");

    private final AsyncCalls calls = new AsyncCalls("async-calls-test", CLOSED);

    @AfterEach
    void shutDown() {
        calls.close(() -> { });
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

    private static <T> Callable<T> recordingThread(AtomicReference<Thread> ranOn, T value) {
        return () -> {
            ranOn.set(Thread.currentThread());
            return value;
        };
    }

    @Test
    void theWorkRunsOnAWorkerWhenNobodyJoinsAndItsValueCompletesTheFuture() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<Integer> future = calls.submit(recordingThread(ranOn, 42),
                error -> new AssertionError("no failure expected", error));

        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(ranOn.get().getName()).startsWith("async-calls-test-");
    }

    @Test
    void callsMadeFromAStreamingThreadRunOnPlatformThreadsAndSoDoTheCallsThoseMake() throws Exception {
        AtomicReference<Thread> outer = new AtomicReference<>();
        AtomicReference<Thread> inner = new AtomicReference<>();
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Workers.startStreaming("async-calls-test-stream", () -> calls.submit(() -> {
            outer.set(Thread.currentThread());
            // get, not join: the nested call runs on a worker of its own
            return calls.submit(recordingThread(inner, 7), error -> error).get(10, TimeUnit.SECONDS);
        }, error -> error).whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }));

        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(List.of(outer.get(), inner.get())).allSatisfy(thread -> {
            assertThat(thread.isVirtual()).as(thread.toString()).isFalse();
            assertThat(thread.getName()).startsWith("async-calls-test-").doesNotContain("stream");
        });
    }

    @Test
    void callsMadeFromAnOrdinaryThreadRunOnTheConfiguredKindOfThread() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        calls.submit(recordingThread(ranOn, 1), error -> error).get(10, TimeUnit.SECONDS);

        assertThat(Workers.streaming()).isFalse();
        assertThat(ranOn.get().isVirtual()).isEqualTo(!Workers.PLATFORM.equals(System.getProperty(Workers.PROPERTY)));
    }

    @Test
    void aNullValueCompletesTheFutureWithNull() throws Exception {
        assertThat(calls.submit(() -> null, error -> error).get(10, TimeUnit.SECONDS)).isNull();
        assertThat(calls.submit(() -> null, error -> error).join()).isNull();
    }

    @Test
    void whatTheWorkThrowsIsTranslatedBeforeItFailsTheFuture() throws Exception {
        Exception thrown = new SQLException("boom", "23505");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CompletableFuture<Object> future = calls.submit(() -> {
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
        CompletableFuture<Object> future = calls.submit(() -> {
            throw new StackOverflowError("deep");
        }, error -> new IllegalStateException("translated " + error.getClass().getSimpleName()));

        assertThat(failureOf(future)).hasMessage("translated StackOverflowError");
    }

    @Test
    void aClosedInstanceFailsTheFutureAtOnceWithoutRunningTheWork() throws Exception {
        AtomicInteger released = new AtomicInteger();
        assertThat(calls.close(released::incrementAndGet)).isTrue();
        assertThat(calls.close(released::incrementAndGet)).isFalse();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> future = calls.submit(runs::incrementAndGet, error -> error);

        assertThat(future).isCompletedExceptionally();
        assertThat(failureOf(future)).isInstanceOf(IllegalStateException.class).hasMessage("adapter is closed");
        assertThat(runs).hasValue(0);
        assertThat(released).hasValue(1);
        assertThat(calls.isClosed()).isTrue();
    }

    @Test
    void joinersRunCallsNoWorkerHasStartedAndEveryCallRunsExactlyOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger onJoiner = new AtomicInteger();
        List<Thread> joiners = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            joiners.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    Thread me = Thread.currentThread();
                    int value = calls.submit(() -> {
                        runs.incrementAndGet();
                        if (Thread.currentThread() == me) {
                            onJoiner.incrementAndGet();
                        }
                        return 7;
                    }, error -> error).thenApply(seven -> seven * 6).join();
                    assertThat(value).isEqualTo(42);
                }
            }));
        }
        for (Thread joiner : joiners) {
            joiner.join();
        }

        assertThat(runs).hasValue(16 * 200);
        // through a derived future too; a worker may win some races, not all 3,200
        assertThat(onJoiner.get()).isPositive();
    }

    @Test
    void anInterruptedJoinerLeavesTheCallToItsWorker() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread joiner = Thread.ofVirtual().unstarted(() -> {
            Thread.currentThread().interrupt();
            calls.submit(recordingThread(ranOn, 1), error -> error).join();
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        joiner.start();
        joiner.join();

        assertThat(ranOn.get()).isNotSameAs(joiner);
        assertThat(ranOn.get().getName()).startsWith("async-calls-test-");
        assertThat(stillInterrupted).isTrue();
    }

    /** Joins calls from a new thread until one runs there, and holds that one until {@code finish} opens. */
    private Thread holdACallOnItsJoiner(CountDownLatch holding, CountDownLatch finish, Runnable whileHeld) {
        return Thread.ofVirtual().start(() -> {
            Thread me = Thread.currentThread();
            AtomicBoolean held = new AtomicBoolean();
            while (!held.get()) {
                calls.submit(() -> {
                    if (Thread.currentThread() == me) {
                        held.set(true);
                        holding.countDown();
                        whileHeld.run();
                        finish.await();
                    }
                    return null;
                }, error -> error).join();
            }
        });
    }

    @Test
    void closeWaitsForACallRunningOnItsJoiner() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread joiner = holdACallOnItsJoiner(holding, finish, () -> { });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean released = new AtomicBoolean();
        Thread closer = Thread.ofVirtual().start(() -> calls.close(() -> released.set(true)));
        closer.join(300);
        assertThat(closer.isAlive()).isTrue();
        assertThat(released).isFalse();

        finish.countDown();
        closer.join(10_000);
        joiner.join(10_000);
        assertThat(released).isTrue();
    }

    @Test
    void closeFromACallOnItsJoinerReturnsAtOnceAndReleasesAfterTheCall() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch releasedLatch = new CountDownLatch(1);
        AtomicBoolean releasedDuringCall = new AtomicBoolean();
        Thread joiner = holdACallOnItsJoiner(holding, finish, () -> {
            calls.close(releasedLatch::countDown);
            releasedDuringCall.set(releasedLatch.getCount() == 0);
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(releasedLatch.await(300, TimeUnit.MILLISECONDS)).isFalse();

        finish.countDown();
        assertThat(releasedLatch.await(10, TimeUnit.SECONDS)).isTrue();
        joiner.join(10_000);
        assertThat(releasedDuringCall).isFalse();
        assertThat(calls.submit(() -> 1, error -> error)).isCompletedExceptionally();
    }
}
