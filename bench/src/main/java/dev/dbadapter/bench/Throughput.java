package dev.dbadapter.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Measures operations per second with a fixed number of concurrent callers on virtual threads. */
final class Throughput {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Throughput() {
    }

    /**
     * What one measurement gave.
     *
     * @param opsPerSecond completed operations per second of wall-clock time
     * @param cpuMicrosPerOp CPU time of this JVM (all threads) per operation, in microseconds: the
     *     client-side cost, less sensitive to a busy machine than the rate
     */
    record Result(double opsPerSecond, double cpuMicrosPerOp) {
    }

    /** One operation; {@code callerId} lets an operation pick its own keys. */
    @FunctionalInterface
    interface Operation {
        /** Runs once; returns something derived from the result so the work cannot be skipped. */
        long run(int callerId) throws Exception;
    }

    /**
     * Runs {@code operation} from {@code callers} virtual threads for {@code duration} and returns the
     * rate and the client CPU cost.
     *
     * @throws Exception the first failure of any caller
     */
    static Result measure(int callers, Duration duration, Operation operation) throws Exception {
        LongAdder completed = new LongAdder();
        LongAdder checksum = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(callers);
        long cpuStart = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int i = 0; i < callers; i++) {
            int callerId = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < deadline && failure.get() == null) {
                        checksum.add(operation.run(callerId));
                        completed.increment();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        long cpu = OS.getProcessCpuTime() - cpuStart;
        if (failure.get() != null) {
            throw failure.get();
        }
        if (checksum.sum() == Long.MIN_VALUE) {
            System.out.print("");
        }
        long operations = Math.max(1, completed.sum());
        return new Result(operations * 1e9 / elapsed, cpu / 1e3 / operations);
    }
}
