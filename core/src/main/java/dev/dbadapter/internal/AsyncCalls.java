package dev.dbadapter.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How an adapter turns blocking work into futures, written once for every backend: each call runs on
 * a thread of the adapter's own ({@link Workers}), its value or translated failure completes the
 * future, and a closed adapter fails new calls at once.
 *
 * <p>A caller that joins a call's future ({@link CompletableFuture#join()}, also on a future derived
 * from it by {@code thenApply} and the like) before any worker has started the call runs it on its
 * own thread instead of waiting: the handoff to a worker and back costs a CRUD call a tenth of its
 * throughput. The call still runs exactly once, and {@link #close} waits for it wherever it runs. A
 * caller that is interrupted leaves the call to its worker.
 *
 * <p>A call made from a streaming thread ({@link Workers#streaming}) runs on a platform thread, which
 * streams too.
 */
public final class AsyncCalls {
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final String threadName;
    private final ThreadFactory threads;
    private final ThreadFactory streamingThreads;
    /** How many tasks the adapter's threads run, or are about to; {@link #close} waits for them. */
    private final AtomicInteger working = new AtomicInteger();
    private final Supplier<? extends RuntimeException> closedError;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How many calls run on the threads that joined them; {@link #close} waits for them as for its workers. */
    private final AtomicInteger joined = new AtomicInteger();
    /** Set on a thread while it runs a call it joined, so that {@link #close} called there does not wait for itself. */
    private final ThreadLocal<Boolean> joining = new ThreadLocal<>();

    /**
     * Creates the calls of one adapter: its threads are named {@code name} and a number of this
     * instance's own, and {@code closedError} is what a call after {@link #close} fails with.
     */
    public AsyncCalls(String name, Supplier<? extends RuntimeException> closedError) {
        this.threadName = name + "-" + INSTANCES.incrementAndGet();
        this.threads = Workers.factory(threadName);
        this.streamingThreads = Workers.streamingFactory(threadName);
        this.closedError = closedError;
    }

    /**
     * Returns the executor of the adapter's threads, for work that must not run on a caller's thread;
     * it refuses work after {@link #close} with a {@link RejectedExecutionException}.
     */
    public Executor executor() {
        return this::startWorker;
    }

    /**
     * Runs {@code task} on a new thread of the adapter's: a streaming one when the current thread
     * streams. Counted, not kept in an executor's set of threads: that set's add and remove cost a
     * CRUD call more than the count.
     *
     * @throws RejectedExecutionException after {@link #close}
     */
    private void startWorker(Runnable task) {
        working.incrementAndGet();
        // counted before closed is read: close() either waits for this task or this thread sees closed
        if (closed.get()) {
            working.decrementAndGet();
            throw new RejectedExecutionException("closed");
        }
        try {
            (Workers.streaming() ? streamingThreads : threads).newThread(() -> {
                try {
                    task.run();
                } finally {
                    working.decrementAndGet();
                }
            }).start();
        } catch (RuntimeException | Error e) {
            working.decrementAndGet();
            throw e;
        }
    }

    /** Returns whether {@link #close} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Runs {@code work} and returns the future of its result; {@code translate} turns what it threw
     * into what the future fails with. After {@link #close} the future fails with the closed error,
     * unrun.
     */
    public <T> CompletableFuture<T> submit(Callable<T> work, Function<Throwable, ? extends Throwable> translate) {
        Call<T> call = new Call<>(work, translate);
        if (closed.get()) {
            call.future.completeExceptionally(closedError.get());
            return call.future;
        }
        try {
            startWorker(call::runOnWorker);
        } catch (RejectedExecutionException e) {
            call.future.completeExceptionally(closedError.get());
        }
        return call.future;
    }

    /**
     * Refuses new calls, waits for the running ones, then runs {@code release}. Called from a call of
     * this adapter, or a callback run by one, it returns at once and does that on a thread of its own.
     *
     * @return false when it was closed already (and {@code release} is not run again)
     */
    public boolean close(Runnable release) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        Runnable finish = () -> {
            while (working.get() > 0 || joined.get() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            release.run();
        };
        Thread current = Thread.currentThread();
        if (current.getName().equals(threadName) || Boolean.TRUE.equals(joining.get())) {
            // waiting here for the running calls would wait for this very call
            Workers.start(threadName + "-closer", finish);
        } else {
            finish.run();
        }
        return true;
    }

    /** One submitted call: run once, by its worker or by the first thread that joins it. */
    private final class Call<T> implements Runnable {
        private final AtomicBoolean started = new AtomicBoolean();
        private final Callable<T> work;
        private final Function<Throwable, ? extends Throwable> translate;
        private final CallFuture<T> future = new CallFuture<>(this);

        Call(Callable<T> work, Function<Throwable, ? extends Throwable> translate) {
            this.work = work;
            this.translate = translate;
        }

        void runOnWorker() {
            if (started.compareAndSet(false, true)) {
                execute();
            }
        }

        /** Runs the call on the joining thread, unless a worker has it, the thread is interrupted or closing began. */
        @Override
        public void run() {
            if (started.get() || Thread.currentThread().isInterrupted()) {
                return;
            }
            boolean outermost = !Boolean.TRUE.equals(joining.get());
            if (outermost) {
                joining.set(true);
            }
            joined.incrementAndGet();
            try {
                // counted before closed is read: close() either counts this call or this thread sees closed
                if (!closed.get() && started.compareAndSet(false, true)) {
                    execute();
                }
            } finally {
                joined.decrementAndGet();
                if (outermost) {
                    joining.set(false);
                }
            }
        }

        private void execute() {
            try {
                future.complete(work.call());
            } catch (Throwable error) {
                future.completeExceptionally(translate.apply(error));
            }
        }
    }

    /** A call's future, and every future derived from it: joining runs the call here if no worker has started it. */
    private static final class CallFuture<T> extends CompletableFuture<T> {
        private final Runnable call;

        CallFuture(Runnable call) {
            this.call = call;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CallFuture<>(call);
        }

        @Override
        public T join() {
            if (!isDone()) {
                call.run();
            }
            return super.join();
        }
    }
}
