package dev.dbadapter.bench;

import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.schema.DatabaseSchema;
import dev.dbadapter.schema.SchemaIntrospector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Benchmark (not a test) of schema introspection on a generated 1,000-table schema: times
 * {@link SchemaIntrospector#introspect} in-process against {@code pg_dump --schema-only} of the same
 * database (whole process), and, when the CLI jar is given, {@code db-adapter validate} as a whole
 * process. Targets (issue 3): introspect() no slower than pg_dump's whole run; {@code validate} as a
 * process no slower than 2x pg_dump's.
 *
 * <p>Run: {@code java -cp bench/target/db-adapter-bench.jar dev.dbadapter.bench.IntrospectBench
 * [--server URL] [--tables N] [--runs N] [--cli-jar cli/target/db-adapter.jar]}. The server defaults to
 * {@code DB_ADAPTER_TEST_URL}, else {@code postgresql://postgres@127.0.0.1:5432/postgres}; a fresh
 * database is created and dropped afterwards.
 *
 * <p>Note for BenchMain: wire this in as a subcommand ({@code introspect}) calling {@link #run(String[])}.
 */
public final class IntrospectBench {
    private static final int COLUMNS_PER_TABLE = 10;

    private IntrospectBench() {
    }

    /** Runs the benchmark with command-line arguments; see the class comment. */
    public static void main(String[] args) throws Exception {
        run(args);
    }

    /** Runs the benchmark and prints a table of timings to standard output. */
    public static void run(String[] args) throws Exception {
        String server = System.getenv().getOrDefault("DB_ADAPTER_TEST_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        int tables = 1_000;
        int runs = 5;
        Path cliJar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> server = args[++i];
                case "--tables" -> tables = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--cli-jar" -> cliJar = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + "; use --server URL, --tables N, --runs N, --cli-jar FILE");
            }
        }
        String database = "bench_introspect_" + UUID.randomUUID().toString().substring(0, 8);
        admin(server, "CREATE DATABASE " + database);
        try {
            String url = withDatabase(server, database);
            String ddl = generateSchema(tables);
            long loadStart = System.nanoTime();
            try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
                statement.execute("BEGIN; " + ddl + " COMMIT;");
            }
            System.out.printf(Locale.ROOT, "Generated %,d tables (%d columns, PK, unique, FK to the previous table,"
                    + " extra index each) in %.1f s%n", tables, COLUMNS_PER_TABLE, seconds(System.nanoTime() - loadStart));

            List<Long> introspect = new ArrayList<>();
            long cold;
            int tableCount;
            try (PostgresAdapter adapter = PostgresAdapter.connect(url);
                    SchemaIntrospector introspector = new SchemaIntrospector(adapter)) {
                long start = System.nanoTime();
                DatabaseSchema schema = introspector.introspect("public").join();
                cold = System.nanoTime() - start;
                tableCount = schema.tables().size();
                for (int i = 0; i < runs; i++) {
                    start = System.nanoTime();
                    introspector.introspect("public").join();
                    introspect.add(System.nanoTime() - start);
                }
            }
            if (tableCount != tables) {
                throw new IllegalStateException("introspect() saw " + tableCount + " tables, expected " + tables);
            }
            List<Long> pgDump = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                pgDump.add(timeProcess(List.of("pg_dump", "--schema-only", "--no-owner", "--file=/dev/null",
                        "--dbname=" + libpqUrl(url)), null));
            }
            List<Long> validate = new ArrayList<>();
            List<Long> validateTuned = new ArrayList<>();
            if (cliJar != null) {
                Path work = Files.createTempDirectory("introspect-bench");
                Files.writeString(work.resolve("db.toml"), "[profiles.bench]\nurl = \"" + url + "\"\n");
                Files.writeString(work.resolve("schema.sql"), ddl);
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                String jar = cliJar.toAbsolutePath().toString();
                // the launcher could pass these: a class-data archive (made on the first run) and C1 only
                List<String> tuned = List.of(java, "-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=" + work.resolve("db-adapter.jsa"), "-XX:TieredStopAtLevel=1",
                        "-jar", jar, "validate");
                timeProcess(tuned, work);
                for (int i = 0; i < runs; i++) {
                    validate.add(timeProcess(List.of(java, "-jar", jar, "validate"), work));
                    validateTuned.add(timeProcess(tuned, work));
                }
            }
            printTable(tables, runs, cold, introspect, pgDump, validate, validateTuned);
        } finally {
            admin(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Returns DDL for {@code count} tables: PK, a unique column, an FK to the previous table, 10 columns, an index. */
    static String generateSchema(int count) {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String name = table(i);
            sql.append("CREATE TABLE ").append(name).append(" (\n")
                    .append("    id serial PRIMARY KEY,\n")
                    .append("    code varchar(40) NOT NULL UNIQUE,\n")
                    .append("    prev_id integer").append(i > 1 ? " REFERENCES " + table(i - 1) + "(id) ON DELETE CASCADE" : "")
                    .append(",\n")
                    .append("    name text,\n")
                    .append("    amount numeric(12,2) DEFAULT 0,\n")
                    .append("    quantity integer DEFAULT 0 CHECK (quantity >= 0),\n")
                    .append("    active boolean DEFAULT true,\n")
                    .append("    created_at timestamptz DEFAULT now(),\n")
                    .append("    payload jsonb,\n")
                    .append("    note varchar(200)\n")
                    .append(");\n")
                    .append("CREATE INDEX ").append(name).append("_name_idx ON ").append(name).append(" (name);\n");
        }
        return sql.toString();
    }

    private static String table(int i) {
        return String.format(Locale.ROOT, "t%04d", i);
    }

    private static long timeProcess(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
            builder.environment().put("DB_PROFILE", "bench");
        }
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process process = builder.start();
        int code = process.waitFor();
        long elapsed = System.nanoTime() - start;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
        }
        return elapsed;
    }

    private static void printTable(int tables, int runs, long cold, List<Long> introspect, List<Long> pgDump,
            List<Long> validate, List<Long> validateTuned) {
        double dump = millis(median(pgDump));
        System.out.printf(Locale.ROOT, "%n%,d tables, median of %d runs (min-max), same database, same run%n", tables, runs);
        System.out.println("| What                                      | Median ms | Min-max ms    | vs pg_dump |");
        System.out.println("|-------------------------------------------|----------:|---------------|-----------:|");
        row("introspect() in-process, first call", millis(cold), millis(cold), millis(cold), dump);
        row("introspect() in-process, warm", millis(median(introspect)), millis(min(introspect)), millis(max(introspect)), dump);
        row("pg_dump --schema-only (whole process)", dump, millis(min(pgDump)), millis(max(pgDump)), dump);
        if (!validate.isEmpty()) {
            row("db-adapter validate (whole process)", millis(median(validate)), millis(min(validate)),
                    millis(max(validate)), dump);
            row("validate, JVM with CDS archive + C1 only", millis(median(validateTuned)), millis(min(validateTuned)),
                    millis(max(validateTuned)), dump);
        }
    }

    private static void row(String what, double median, double min, double max, double dump) {
        System.out.printf(Locale.ROOT, "| %-41s | %9.0f | %5.0f-%-7.0f | %9.2fx |%n", what, median, min, max, median / dump);
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void admin(String server, String sql) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(String url) throws SQLException {
        PostgresUrl parsed = PostgresUrl.parse(url);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    private static String withDatabase(String serverUrl, String name) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + name + params;
    }

    /** Returns a URL pg_dump accepts ({@code postgresql://...}). */
    private static String libpqUrl(String url) {
        String[] schemes = {"jdbc:postgresql://", "postgresql+asyncpg://", "postgres://"};
        return Arrays.stream(schemes).filter(url::startsWith).findFirst()
                .map(scheme -> "postgresql://" + url.substring(scheme.length())).orElse(url);
    }
}
