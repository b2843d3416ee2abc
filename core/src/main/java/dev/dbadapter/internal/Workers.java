package dev.dbadapter.internal;

import java.util.concurrent.ThreadFactory;

/**
 * The threads the library's blocking work runs on: virtual threads, unless the system property
 * {@value #PROPERTY} is {@value #PLATFORM}, which gives daemon platform threads.
 *
 * <p>The first socket read or write on a virtual thread starts the JDK's I/O poller, a platform
 * thread that waits inside native code for the rest of the process, and the JVM's exit waits about
 * 300 ms for threads in native code before it gives up on them. A long-lived application never
 * notices; a short-lived command-line process pays it on every run, so the command line asks for
 * platform threads.
 *
 * <p>Work that streams rows for seconds (a backup, a restore, a sync) runs on platform threads
 * whatever the property says: {@link #startStreaming} starts it, and every adapter call made from
 * its thread, or from a call's thread in turn, gets a platform thread too ({@link #streaming}). A
 * virtual thread pays the JDK's poller for every socket read that has to wait, which on a stream
 * of rows the server is still producing is nearly every read; a few platform threads cost nothing
 * beside seconds of streaming.
 */
public final class Workers {
    /** The system property that chooses the kind of thread. */
    public static final String PROPERTY = "dbadapter.threads";
    /** The value of {@link #PROPERTY} that chooses daemon platform threads. */
    public static final String PLATFORM = "platform";

    /**
     * Set on a streaming thread and on the threads of its calls. Not inherited: a caller's inheritable
     * values are copied into every thread it starts, and a caller that had asked {@link #streaming}
     * would pay that copy on each call's worker.
     */
    private static final ThreadLocal<Boolean> STREAMING = new ThreadLocal<>();

    private Workers() {
    }

    /**
     * Starts {@code task} on a new daemon platform thread named {@code name} that streams: see
     * {@link #streaming}.
     */
    public static Thread startStreaming(String name, Runnable task) {
        return platform().name(name).start(() -> {
            STREAMING.set(true);
            task.run();
        });
    }

    /**
     * Returns whether the current thread streams: started by {@link #startStreaming}, or by a
     * {@link #streamingFactory} for the calls made while streaming.
     */
    public static boolean streaming() {
        return Boolean.TRUE.equals(STREAMING.get());
    }

    /** Returns a factory of daemon platform threads that all carry {@code name}, for calls made while {@link #streaming}. */
    public static ThreadFactory streamingFactory(String name) {
        ThreadFactory threads = platform().name(name).factory();
        return task -> threads.newThread(() -> {
            STREAMING.set(true);
            task.run();
        });
    }

    /** Returns a factory of threads that all carry {@code name}. */
    public static ThreadFactory factory(String name) {
        return builder().name(name).factory();
    }

    /** Returns a factory of threads named {@code prefix} followed by 0, 1, 2, … */
    public static ThreadFactory numbered(String prefix) {
        return builder().name(prefix, 0).factory();
    }

    /** Starts {@code task} on a new thread named {@code name} and returns the thread. */
    public static Thread start(String name, Runnable task) {
        return builder().name(name).start(task);
    }

    private static Thread.Builder builder() {
        return PLATFORM.equals(System.getProperty(PROPERTY)) ? platform() : Thread.ofVirtual();
    }

    private static Thread.Builder.OfPlatform platform() {
        return Thread.ofPlatform().daemon(true);
    }
}
