package dev.dbadapter.bench;

import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.schema.DatabaseSchema;
import dev.dbadapter.schema.SchemaIntrospector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code schema-introspect}: {@link SchemaIntrospector#introspect} of a generated schema (each table:
 * 10 columns, a primary key, a unique column, a foreign key to the previous table, an extra index)
 * against {@code pg_dump --schema-only} of the same database as a whole process, in the same run;
 * and, when the CLI jar exists, {@code validate} as a whole process: {@code java -jar} with JVM
 * defaults, and through the {@code ./db-adapter} launcher (its start-up cache, C1 only). Issue 3's
 * targets: introspect() no slower than pg_dump's whole run; {@code db-adapter validate} no slower
 * than 2x pg_dump. Options: {@code --tables} (1000), {@code --runs} (7), {@code --cli-jar}
 * ({@code cli/target/db-adapter.jar}), {@code --launcher} ({@code db-adapter}).
 */
final class SchemaIntrospectBench implements Benchmark {
    private static final int COLUMNS_PER_TABLE = 10;

    @Override
    public Set<String> optionNames() {
        return Set.of("tables", "runs", "cli-jar", "launcher");
    }

    @Override
    public void run(BenchDatabase database, BenchOptions options, PrintStream out) throws Exception {
        int tables = options.intValue("tables", 1_000);
        int runs = options.intValue("runs", 7);
        Path cliJar = Path.of(options.stringValue("cli-jar", "cli/target/db-adapter.jar"));
        Path launcher = Path.of(options.stringValue("launcher", "db-adapter"));

        String ddl = generateSchema(tables);
        long loadStart = System.nanoTime();
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            statement.execute("BEGIN; " + ddl + " COMMIT;");
        }
        out.printf(Locale.ROOT, "schema-introspect: %,d tables (%d columns, primary key, unique column, foreign key"
                + " to the previous table, extra index each), created in %.1f s; %d runs each%n",
                tables, COLUMNS_PER_TABLE, (System.nanoTime() - loadStart) / 1e9, runs);

        long cold;
        List<Long> warm = new ArrayList<>();
        try (PostgresAdapter adapter = PostgresAdapter.connect(database.url());
                SchemaIntrospector introspector = new SchemaIntrospector(adapter)) {
            long start = System.nanoTime();
            DatabaseSchema schema = introspector.introspect("public").join();
            cold = System.nanoTime() - start;
            if (schema.tables().size() != tables) {
                throw new IllegalStateException("introspect() saw " + schema.tables().size() + " tables, expected " + tables);
            }
            for (int i = 0; i < runs; i++) {
                start = System.nanoTime();
                introspector.introspect("public").join();
                warm.add(System.nanoTime() - start);
            }
        }

        List<String> pgDump = List.of("pg_dump", "--schema-only", "--file=/dev/null", "--dbname=" + database.url());
        List<Long> dump = new ArrayList<>();
        List<Long> validate = new ArrayList<>();
        List<Long> validateLauncher = new ArrayList<>();
        boolean withCli = Files.isRegularFile(cliJar);
        Path work = Files.createTempDirectory("schema-introspect-bench");
        Files.writeString(work.resolve("db.toml"), "[profiles.bench]\nurl = \"" + database.url() + "\"\n");
        Files.writeString(work.resolve("schema.sql"), ddl);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> plain = List.of(java, "-jar", cliJar.toAbsolutePath().toString(), "validate");
        List<String> viaLauncher = List.of(launcher.toAbsolutePath().toString(), "validate");
        boolean withLauncher = withCli && Files.isExecutable(launcher);
        try {
            if (withLauncher) {
                time(viaLauncher, work);
            }
            // interleaved, so a busy moment on the machine hits every contender alike
            for (int i = 0; i < runs; i++) {
                dump.add(time(pgDump, work));
                if (withCli) {
                    validate.add(time(plain, work));
                }
                if (withLauncher) {
                    validateLauncher.add(time(viaLauncher, work));
                }
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(work);
        }

        double base = median(dump);
        TextTable table = new TextTable("what", "median ms", "min ms", "max ms", "vs pg_dump");
        row(table, "introspect() in-process, first call", List.of(cold), base);
        row(table, "introspect() in-process, warm", warm, base);
        row(table, "pg_dump --schema-only (process)", dump, base);
        if (withCli) {
            row(table, "java -jar db-adapter.jar validate", validate, base);
            if (withLauncher) {
                row(table, "./db-adapter validate (launcher)", validateLauncher, base);
            }
        } else {
            out.println("(no CLI jar at " + cliJar + ": build it with ./mvnw -pl cli -am package to time validate)");
        }
        table.print(out);
    }

    /** Returns DDL for {@code count} tables, each with {@value #COLUMNS_PER_TABLE} columns. */
    static String generateSchema(int count) {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String name = table(i);
            sql.append("CREATE TABLE ").append(name).append(" (\n")
                    .append("    id serial PRIMARY KEY,\n")
                    .append("    code varchar(40) NOT NULL UNIQUE,\n")
                    .append("    prev_id integer")
                    .append(i > 1 ? " REFERENCES " + table(i - 1) + "(id) ON DELETE CASCADE" : "").append(",\n")
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

    private static long time(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DB_PROFILE", "bench");
        long start = System.nanoTime();
        int code = builder.start().waitFor();
        long elapsed = System.nanoTime() - start;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
        }
        return elapsed;
    }

    private static void row(TextTable table, String what, List<Long> nanos, double base) {
        double median = median(nanos);
        table.add(what, format(median), format(nanos.stream().mapToLong(Long::longValue).min().orElse(0)),
                format(nanos.stream().mapToLong(Long::longValue).max().orElse(0)),
                String.format(Locale.ROOT, "%.2fx", median / base));
    }

    private static double median(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String format(double nanos) {
        return String.format(Locale.ROOT, "%,.0f", nanos / 1e6);
    }
}
