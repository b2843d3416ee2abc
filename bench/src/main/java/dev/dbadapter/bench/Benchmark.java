package dev.dbadapter.bench;

import java.io.PrintStream;

/** One named benchmark: sets up its data in the given database, measures, prints a table. */
interface Benchmark {
    /** Returns the {@code --key=value} options this benchmark reads; any other key is refused up front. */
    java.util.Set<String> optionNames();

    /** Runs the benchmark against {@code database}, printing its results to {@code out}. */
    void run(BenchDatabase database, BenchOptions options, PrintStream out) throws Exception;
}
