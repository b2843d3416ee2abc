package dev.dbadapter.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one benchmark by name: {@code java -jar db-adapter-bench.jar <name> [--key=value ...]}. The
 * server comes from {@code DB_ADAPTER_BENCH_URL} (default
 * {@code postgresql://postgres@127.0.0.1:5432/postgres}); each run creates its own database there
 * and drops it afterwards. Benchmarks are not tests: they print numbers, they assert nothing.
 */
public final class BenchMain {
    /** The server used when {@code DB_ADAPTER_BENCH_URL} is not set. */
    public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

    private static final Map<String, Supplier<Benchmark>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("adapter-select", AdapterSelectBench::new);
        BENCHMARKS.put("schema-introspect", SchemaIntrospectBench::new);
        BENCHMARKS.put("backup", BackupBench::new);
        BENCHMARKS.put("sync", SyncBench::new);
        BENCHMARKS.put("process", ProcessBench::new);
    }

    private BenchMain() {
    }

    /** Entry point; exits 2 on bad usage, 1 when the benchmark fails. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the benchmark named by {@code args[0]} and returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            err.println((args.length == 0 ? "No benchmark given." : "Unknown benchmark '" + args[0] + "'.")
                    + " Usage: bench/run.sh <benchmark> [--key=value ...]; benchmarks: "
                    + String.join(", ", BENCHMARKS.keySet()));
            return 2;
        }
        Benchmark benchmark = BENCHMARKS.get(args[0]).get();
        BenchOptions options;
        try {
            options = BenchOptions.parse(Arrays.copyOfRange(args, 1, args.length), benchmark.optionNames());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        String serverUrl = System.getenv().getOrDefault("DB_ADAPTER_BENCH_URL", DEFAULT_URL);
        try (BenchDatabase database = BenchDatabase.create(serverUrl, args[0])) {
            benchmark.run(database, options, out);
            return 0;
        } catch (Exception e) {
            err.println("Benchmark " + args[0] + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
