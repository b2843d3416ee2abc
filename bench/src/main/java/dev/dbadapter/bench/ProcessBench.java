package dev.dbadapter.bench;

import static dev.dbadapter.bench.BackupBench.check;
import static dev.dbadapter.bench.BackupBench.sql;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code process}: the {@code ./db-adapter} launcher run as a user runs it - one whole process per
 * command, configured by a {@code db.toml} pointing at the benchmark database - side by side with
 * PostgreSQL's own tools on the same data, alternating, {@code --runs} (3) times each: backup vs
 * {@code psql \copy (SELECT ...) TO}; restore into empty tables vs {@code \copy ... FROM}; restore
 * when every row exists (skip mode) vs {@code \copy TO}; backup of {@code --fresh-rows} (500,000)
 * rows in tables never {@code ANALYZE}d (restored into new tables, autovacuum off) vs {@code \copy TO};
 * {@code sync} of the user's rows into another database: into empty tables vs {@code \copy TO} +
 * {@code \copy FROM}, in overwrite mode when already in sync and after 1% of the rows changed vs
 * {@code \copy TO};
 * {@code validate} of a {@code --tables} (1,000) table schema vs {@code pg_dump --schema-only};
 * {@code --version} and {@code status} vs a bare {@code java -version} and psql's row counts. The
 * data: 1,000 categories and {@code --rows} (100,000) products of one user, and 100 categories and
 * {@code --rows}/10 products of another user, in the shop tables (unique key, foreign key, index).
 * Prints best and median wall-clock time of each side, their ratios, and each side's peak RSS
 * (from {@code /usr/bin/time}). {@code --launcher} names the launcher ({@code db-adapter}).
 */
final class ProcessBench implements Benchmark {
    private static final String USER = BackupBench.USER;
    private static final int OTHER_CATEGORIES = 100;
    private static final String BACKUP_SCHEMA = """
            {"tables": [
              {"name": "categories", "pk": "id", "slug_field": "slug", "user_field": "user_id"},
              {"name": "products", "pk": "id", "slug_field": "slug", "user_field": "user_id",
               "parent": {"table": "categories", "field": "category_id"}}
            ]}
            """;
    /** Other users' rows, with ids far above the benchmark user's so a {@code \copy FROM} with ids never collides. */
    private static final String OTHER_ROWS = """
            SELECT setval('categories_id_seq', 10000000), setval('products_id_seq', 1000000000);
            INSERT INTO categories (slug, name, user_id) SELECT 'other-' || g, 'Other ' || g, 'other-user'
            FROM generate_series(1, %d) g;
            INSERT INTO products (slug, name, price, category_id, user_id)
            SELECT 'other-' || g, 'Other ' || g, 1, (SELECT min(id) FROM categories WHERE user_id = 'other-user')
                + g %% %d, 'other-user'
            FROM generate_series(1, %d) g
            """;
    private static final String EMPTY = "TRUNCATE products, categories RESTART IDENTITY";
    private static final String SETTLE = "VACUUM ANALYZE; CHECKPOINT";

    @Override
    public Set<String> optionNames() {
        return Set.of("rows", "runs", "fresh-rows", "tables", "launcher");
    }

    @Override
    public void run(BenchDatabase database, BenchOptions options, PrintStream out) throws Exception {
        int rows = options.intValue("rows", 100_000);
        int runs = options.intValue("runs", 3);
        int freshRows = Math.min(rows, options.intValue("fresh-rows", 500_000));
        int tables = options.intValue("tables", 1_000);
        Path launcher = Path.of(options.stringValue("launcher", "db-adapter")).toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalArgumentException("No launcher at " + launcher + " (run from the repository root or pass --launcher)");
        }
        int categories = 1_000;
        long userRows = categories + (long) rows;
        out.printf(Locale.ROOT, "process: %,d categories and %,d products of one user, %,d rows of another; %d runs,"
                + " alternating; launcher %s; load average %s%n", categories, rows, OTHER_CATEGORIES + rows / 10, runs,
                launcher, loadAverage());
        Path work = Files.createTempDirectory("dba-bench-process");
        TextTable table = new TextTable("work", "rows", "ours best s", "median s", "peak RSS", "anchor", "best s",
                "median s", "peak RSS", "ratio best", "ratio median", "target");
        try (BenchDatabase fresh = database.sibling("process_fresh");
                BenchDatabase schemaDb = database.sibling("process_validate");
                BenchDatabase syncDb = database.sibling("process_sync")) {
            String url = database.url();
            String freshUrl = fresh.url();
            sql(url, BackupBench.SCHEMA_SQL);
            sql(url, BackupBench.generateSql(categories, rows));
            sql(url, OTHER_ROWS.formatted(OTHER_CATEGORIES, OTHER_CATEGORIES, rows / 10));
            sql(url, SETTLE);
            Files.writeString(work.resolve("backup-schema.json"), BACKUP_SCHEMA);
            Files.writeString(work.resolve("db.toml"), """
                    [profiles.bench]
                    url = "%s"

                    [profiles.fresh]
                    url = "%s"

                    [profiles.sync]
                    url = "%s"

                    [schema]
                    backup_schema = "backup-schema.json"
                    """.formatted(url, freshUrl, syncDb.url()));
            Runner runner = new Runner(work, Map.of("DB_PROFILE", "bench"));
            List<String> ours = List.of(launcher.toString());
            Path backupFile = work.resolve("backup.json");
            Path categoriesCsv = work.resolve("categories.csv");
            Path productsCsv = work.resolve("products.csv");
            List<String> copyOut = psql(url, "\\copy (SELECT * FROM categories WHERE user_id = '" + USER + "') TO '"
                    + categoriesCsv + "' CSV", "\\copy (SELECT * FROM products WHERE user_id = '" + USER + "') TO '"
                    + productsCsv + "' CSV");
            List<String> backup = concat(ours, "backup", "--user-id", USER, "-o", backupFile.toString());
            List<String> restore = concat(ours, "restore", backupFile.toString(), "--user-id", USER, "-y");

            // the first real command of a fresh jar may write the launcher's start-up cache (one for the
            // short commands, one for the bulk ones): not timed
            runner.time(concat(ours, "status"), null);
            runner.time(concat(ours, "--version"), null);
            runner.time(backup, null);

            Series backupOurs = new Series();
            Series backupCopy = new Series();
            for (int i = 0; i < runs; i++) {
                sql(url, "CHECKPOINT");
                Files.deleteIfExists(backupFile);
                backupOurs.add(runner.time(backup, null));
                sql(url, "CHECKPOINT");
                backupCopy.add(runner.time(copyOut, null));
            }
            table.add(row("backup", userRows, backupOurs, "\\copy (SELECT ...) TO", backupCopy, "<= 2.5x"));

            List<String> copyIn = psql(url, "\\copy categories FROM '" + categoriesCsv + "' CSV",
                    "\\copy products FROM '" + productsCsv + "' CSV");
            String empty = EMPTY + ";" + OTHER_ROWS.formatted(OTHER_CATEGORIES, OTHER_CATEGORIES, rows / 10) + ";" + SETTLE;
            Series restoreOurs = new Series();
            Series restoreCopy = new Series();
            for (int i = 0; i < runs; i++) {
                sql(url, empty);
                restoreOurs.add(runner.time(restore, null));
                check(url, "SELECT count(*) FROM products WHERE user_id = '" + USER + "'", rows);
                sql(url, empty);
                restoreCopy.add(runner.time(copyIn, null));
            }
            table.add(row("restore into empty tables", userRows, restoreOurs, "\\copy ... FROM", restoreCopy, "<= 1.5x"));

            sql(url, SETTLE);
            Series skipOurs = new Series();
            Series skipCopy = new Series();
            for (int i = 0; i < runs; i++) {
                skipOurs.add(runner.time(restore, null));
                skipCopy.add(runner.time(copyOut, null));
            }
            check(url, "SELECT count(*) FROM products WHERE user_id = '" + USER + "'", rows);
            table.add(row("restore, every row exists (skip)", userRows, skipOurs, "\\copy (SELECT ...) TO", skipCopy,
                    "<= 2x"));

            sync(runner, ours, url, syncDb.url(), rows, userRows, runs, copyOut, table);

            if (freshRows > 0) {
                neverAnalysed(runner, ours, fresh, categories, freshRows, runs, table);
            }

            sql(schemaDb.url(), "BEGIN; " + SchemaIntrospectBench.generateSchema(tables) + " COMMIT");
            Path schemaWork = work.resolve("validate");
            Files.createDirectory(schemaWork);
            Files.writeString(schemaWork.resolve("db.toml"), "[profiles.bench]\nurl = \"" + schemaDb.url() + "\"\n");
            Files.writeString(schemaWork.resolve("schema.sql"), SchemaIntrospectBench.generateSchema(tables));
            Runner schemaRunner = new Runner(schemaWork, Map.of("DB_PROFILE", "bench"));
            List<String> validate = concat(ours, "validate");
            List<String> pgDump = List.of("pg_dump", "--schema-only", "--file=/dev/null", "--dbname=" + schemaDb.url());
            schemaRunner.time(validate, null);
            Series validateOurs = new Series();
            Series validateDump = new Series();
            for (int i = 0; i < runs; i++) {
                validateOurs.add(schemaRunner.time(validate, null));
                validateDump.add(schemaRunner.time(pgDump, null));
            }
            table.add(row("validate, " + String.format(Locale.ROOT, "%,d", tables) + " tables", tables, validateOurs,
                    "pg_dump --schema-only", validateDump, "<= 1x"));

            List<String> version = concat(ours, "--version");
            List<String> bareJvm = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version");
            List<String> status = concat(ours, "status");
            List<String> counts = psql(url, "SELECT count(*) FROM categories", "SELECT count(*) FROM products");
            Series versionOurs = new Series();
            Series versionJvm = new Series();
            Series statusOurs = new Series();
            Series statusPsql = new Series();
            for (int i = 0; i < Math.max(runs, 5); i++) {
                versionOurs.add(runner.time(version, "db-adapter"));
                versionJvm.add(runner.time(bareJvm, null));
                statusOurs.add(runner.time(status, "Database reachable"));
                statusPsql.add(runner.time(counts, null));
            }
            table.add(row("--version", 0, versionOurs, "java -version", versionJvm, "-"));
            table.add(row("status", userRows + OTHER_CATEGORIES + rows / 10, statusOurs, "psql count(*) of each table",
                    statusPsql, "-"));
        } finally {
            deleteTree(work);
        }
        table.print(out);
        out.println("load average at the end: " + loadAverage());
    }

    /**
     * Sync of the user's rows from the benchmark profile into the {@code sync} profile's database:
     * into empty tables (beside other rows) vs {@code \copy TO} + {@code \copy FROM}; in overwrite
     * mode when already in sync, and after 1% of the source's products changed, vs {@code \copy TO}.
     */
    private static void sync(Runner runner, List<String> ours, String url, String into, int rows, long userRows, int runs,
            List<String> copyOut, TextTable table) throws Exception {
        String reset = EMPTY + ";" + OTHER_ROWS.formatted(OTHER_CATEGORIES, OTHER_CATEGORIES, rows / 10) + ";" + SETTLE;
        sql(into, BackupBench.SCHEMA_SQL);
        List<String> sync = concat(ours, "-p", "sync", "sync", "--from", "bench", "--tables", "categories,products",
                "--user-id", USER, "--confirm");
        List<String> overwrite = concat(sync, "--mode", "overwrite");
        Path categoriesCsv = runner.directory.resolve("sync-categories.csv");
        Path productsCsv = runner.directory.resolve("sync-products.csv");
        List<String> out = psql(url, "\\copy (SELECT * FROM categories WHERE user_id = '" + USER + "') TO '"
                + categoriesCsv + "' CSV", "\\copy (SELECT * FROM products WHERE user_id = '" + USER + "') TO '"
                + productsCsv + "' CSV");
        List<String> in = psql(into, "\\copy categories FROM '" + categoriesCsv + "' CSV",
                "\\copy products FROM '" + productsCsv + "' CSV");
        Series emptyOurs = new Series();
        Series emptyCopy = new Series();
        for (int i = 0; i < runs; i++) {
            sql(into, reset);
            emptyOurs.add(runner.time(sync, "Sync complete"));
            check(into, "SELECT count(*) FROM products WHERE user_id = '" + USER + "'", rows);
            sql(into, reset);
            Sample copied = runner.time(out, null);
            Sample loaded = runner.time(in, null);
            emptyCopy.add(new Sample(copied.seconds() + loaded.seconds(), Math.max(copied.peakRssKiB(), loaded.peakRssKiB())));
        }
        table.add(row("sync into empty tables", userRows, emptyOurs, "\\copy TO + \\copy FROM", emptyCopy, "<= 1.5x"));

        sql(into, SETTLE);
        Series inSyncOurs = new Series();
        Series inSyncCopy = new Series();
        for (int i = 0; i < runs; i++) {
            inSyncOurs.add(runner.time(overwrite, "Sync complete"));
            inSyncCopy.add(runner.time(copyOut, null));
        }
        table.add(row("sync --mode overwrite, in sync", userRows, inSyncOurs, "\\copy (SELECT ...) TO", inSyncCopy,
                "<= 1.5x"));

        Series changedOurs = new Series();
        Series changedCopy = new Series();
        for (int i = 0; i < runs; i++) {
            sql(url, "UPDATE products SET price = price + 1 WHERE user_id = '" + USER + "' AND id % 100 = 0; " + SETTLE);
            changedOurs.add(runner.time(overwrite, "Sync complete"));
            changedCopy.add(runner.time(copyOut, null));
        }
        table.add(row("sync --mode overwrite, 1% changed", userRows, changedOurs, "\\copy (SELECT ...) TO", changedCopy,
                "<= 2x"));
    }

    /**
     * Backup of tables never analysed: per run, new tables with autovacuum off, the launcher's restore
     * of a file of {@code freshRows} products, then the timed backup and {@code \copy TO} of the same rows.
     */
    private static void neverAnalysed(Runner runner, List<String> ours, BenchDatabase fresh, int categories,
            int freshRows, int runs, TextTable table) throws Exception {
        String url = fresh.url();
        String create = "DROP TABLE IF EXISTS products, categories;" + BackupBench.SCHEMA_SQL
                + ";ALTER TABLE categories SET (autovacuum_enabled = false)"
                + ";ALTER TABLE products SET (autovacuum_enabled = false)";
        Path source = runner.directory.resolve("fresh-source.json");
        Path copy = runner.directory.resolve("fresh-copy.json");
        Path csv = runner.directory.resolve("fresh.csv");
        sql(url, create);
        sql(url, BackupBench.generateSql(categories, freshRows));
        sql(url, "ANALYZE");
        runner.time(concat(ours, "-p", "fresh", "backup", "--user-id", USER, "-o", source.toString()), null);
        List<String> restore = concat(ours, "-p", "fresh", "restore", source.toString(), "--user-id", USER, "-y");
        List<String> backup = concat(ours, "-p", "fresh", "backup", "--user-id", USER, "-o", copy.toString());
        List<String> copyOut = psql(url, "\\copy (SELECT * FROM categories WHERE user_id = '" + USER + "') TO '" + csv
                + "' CSV", "\\copy (SELECT * FROM products WHERE user_id = '" + USER + "') TO '" + csv + "' CSV");
        Series oursSeries = new Series();
        Series copySeries = new Series();
        for (int i = 0; i < runs; i++) {
            sql(url, create);
            runner.time(restore, null);
            Files.deleteIfExists(copy);
            oursSeries.add(runner.time(backup, null));
            copySeries.add(runner.time(copyOut, null));
        }
        table.add(row("backup, tables never ANALYZEd", categories + (long) freshRows, oursSeries,
                "\\copy (SELECT ...) TO", copySeries, "<= 2.5x"));
    }

    /** One timed process: wall-clock seconds and peak resident set size in KiB. */
    record Sample(double seconds, long peakRssKiB) {
    }

    /** The samples of one side of a comparison. */
    static final class Series {
        private final List<Sample> samples = new ArrayList<>();

        void add(Sample sample) {
            samples.add(sample);
        }

        double best() {
            return samples.stream().mapToDouble(Sample::seconds).min().orElseThrow();
        }

        double median() {
            double[] sorted = samples.stream().mapToDouble(Sample::seconds).sorted().toArray();
            return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }

        long peakRssKiB() {
            return samples.stream().mapToLong(Sample::peakRssKiB).max().orElseThrow();
        }
    }

    /** Starts commands in one directory with extra environment variables, under {@code /usr/bin/time}. */
    private static final class Runner {
        private final Path directory;
        private final Map<String, String> environment;

        Runner(Path directory, Map<String, String> environment) {
            this.directory = directory;
            this.environment = environment;
        }

        /**
         * Runs {@code command} to its end and returns its time and peak RSS.
         *
         * @param expected text the standard output must contain, or null for no check
         * @throws IllegalStateException when it exits non-zero or its output lacks {@code expected}
         */
        Sample time(List<String> command, String expected) throws IOException, InterruptedException {
            Path rss = directory.resolve("rss.txt");
            Path stdout = directory.resolve("stdout.txt");
            Path stderr = directory.resolve("stderr.txt");
            List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
            timed.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(timed).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            int code = builder.start().waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            String output = Files.readString(stdout);
            if (code != 0 || (expected != null && !output.contains(expected))) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + code + ":\n" + output
                        + Files.readString(stderr));
            }
            List<String> lines = Files.readAllLines(rss);
            return new Sample(seconds, Long.parseLong(lines.getLast().strip()));
        }
    }

    private static List<String> psql(String url, String... commands) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url));
        for (String each : commands) {
            command.add("-c");
            command.add(each);
        }
        return command;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static String[] row(String work, long rows, Series ours, String anchor, Series theirs, String target) {
        return new String[] {work, rows == 0 ? "-" : String.format(Locale.ROOT, "%,d", rows), seconds(ours.best()),
            seconds(ours.median()), mib(ours.peakRssKiB()), anchor, seconds(theirs.best()), seconds(theirs.median()),
            mib(theirs.peakRssKiB()), String.format(Locale.ROOT, "%.2fx", ours.best() / theirs.best()),
            String.format(Locale.ROOT, "%.2fx", ours.median() / theirs.median()), target};
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.2f", value);
    }

    private static String mib(long kib) {
        return (kib / 1024) + " MiB";
    }

    private static String loadAverage() throws IOException {
        Path file = Path.of("/proc/loadavg");
        if (!Files.isReadable(file)) {
            return "unknown";
        }
        String[] parts = Files.readString(file).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
