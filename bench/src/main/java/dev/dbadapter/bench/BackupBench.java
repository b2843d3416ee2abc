package dev.dbadapter.bench;

import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import dev.dbadapter.backup.BackupResult;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.TableDef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code backup}: backup and restore of one user with {@code --categories} (1,000) categories and
 * {@code --products} (1,000,000) products, against PostgreSQL's own COPY run through {@code psql}:
 * backup vs {@code \copy (SELECT ...) TO} CSV of the same rows; restore into empty tables vs
 * {@code \copy ... FROM} that CSV into the same indexed tables; a restore with nothing to do (skip
 * mode, every row there) vs {@code \copy TO} of the same rows, once right after the restore that filled
 * the never analysed tables and then after {@code ANALYZE}; and the Python library's algorithm (one existence SELECT and one INSERT per
 * row over plain JDBC) on {@code --python-rows} (20,000) rows, for scale. Backup and restore run in
 * a child JVM with {@code -Xmx256m} that reports its own time and peak heap (its {@link #main} is
 * the child's entry point). Each timed operation runs {@code --rounds} (2) times interleaved with its
 * baseline and the fastest run of each counts, to damp the noise of a shared machine.
 */
public final class BackupBench implements Benchmark {
    static final String USER = "bench-user";
    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));
    static final String ROWS_SQL = "SELECT * FROM %s WHERE user_id = 'bench-user'%s";

    @Override
    public Set<String> optionNames() {
        return Set.of("products", "categories", "rounds", "python-rows");
    }

    @Override
    public void run(BenchDatabase database, BenchOptions options, PrintStream out) throws Exception {
        int products = options.intValue("products", 1_000_000);
        int categories = options.intValue("categories", 1_000);
        int rounds = options.intValue("rounds", 2);
        String url = database.url();
        Path work = Files.createTempDirectory("dba-bench");
        TextTable table = new TextTable("operation", "rows", "time s", "baseline", "baseline s", "ratio", "target",
                "peak heap (-Xmx256m)");
        try {
            out.printf(Locale.ROOT, "backup: %,d categories and %,d products of one user; %d rounds, fastest counts%n",
                    categories, products, rounds);
            sql(url, SCHEMA_SQL);
            sql(url, generateSql(categories, products));
            sql(url, "VACUUM ANALYZE");
            long rows = categories + (long) products;

            Path backupFile = work.resolve("backup.json");
            Path catCsv = work.resolve("categories.csv");
            Path prodCsv = work.resolve("products.csv");
            Child backup = null;
            double copyOut = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                sql(url, "CHECKPOINT");
                backup = best(backup, runChild("backup", url, backupFile));
                sql(url, "CHECKPOINT");
                copyOut = Math.min(copyOut, copyOut(url, catCsv, prodCsv));
            }
            table.add(row("backup to JSON (" + mb(backupFile) + " MB)", rows, backup.seconds,
                    "\\copy TO CSV (" + (mb(catCsv) + mb(prodCsv)) + " MB)", copyOut, "<= 3x", backup.peakHeap));

            double copyIn = Double.MAX_VALUE;
            Child restore = null;
            for (int round = 0; round < rounds; round++) {
                sql(url, "TRUNCATE products, categories RESTART IDENTITY; VACUUM ANALYZE; CHECKPOINT");
                copyIn = Math.min(copyIn, psql(url, "\\copy categories FROM '" + catCsv + "' CSV")
                        + psql(url, "\\copy products FROM '" + prodCsv + "' CSV"));
                sql(url, "TRUNCATE products, categories RESTART IDENTITY; VACUUM ANALYZE; CHECKPOINT");
                restore = best(restore, runChild("restore", url, backupFile));
                check(url, "SELECT count(*) FROM products", products);
            }
            table.add(row("restore into empty tables", rows, restore.seconds, "\\copy FROM CSV", copyIn, "<= 1.5x",
                    restore.peakHeap));

            // the tables were just filled by a restore and never analysed: the plans must not need statistics
            Child fresh = runChild("restore", url, backupFile);
            check(url, "SELECT count(*) FROM products", products);
            table.add(row("restore, nothing to do, never analysed", rows, fresh.seconds, "\\copy TO CSV", copyOut,
                    "<= 2x", fresh.peakHeap));
            sql(url, "VACUUM ANALYZE; CHECKPOINT");
            Child skip = null;
            double copyOutAgain = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                copyOutAgain = Math.min(copyOutAgain, copyOut(url, catCsv, prodCsv));
                skip = best(skip, runChild("restore", url, backupFile));
                check(url, "SELECT count(*) FROM products", products);
            }
            table.add(row("restore, nothing to do (skip mode, all rows exist)", rows, skip.seconds, "\\copy TO CSV",
                    copyOutAgain, "<= 2x", skip.peakHeap));

            int pythonRows = Math.min(options.intValue("python-rows", 20_000), products);
            double python = pythonAlgorithm(url, pythonRows);
            table.add(row("Python algorithm (row by row)", pythonRows, python, "-", 0, "-", -1));
            table.add(row("  the same, scaled to all rows", rows, python * rows / pythonRows, "\\copy FROM CSV", copyIn,
                    "-", -1));
        } finally {
            BackupBench.deleteFolder(work);
        }
        table.print(out);
    }

    /** Runs {@code \copy (SELECT ...) TO} CSV of the user's categories and products and returns its seconds. */
    static double copyOut(String url, Path catCsv, Path prodCsv) throws IOException, InterruptedException {
        return psql(url, "\\copy (" + ROWS_SQL.formatted("categories", "") + ") TO '" + catCsv + "' CSV")
                + psql(url, "\\copy (" + ROWS_SQL.formatted("products",
                        " AND category_id IN (SELECT id FROM categories WHERE user_id = 'bench-user')") + ") TO '" + prodCsv + "' CSV");
    }

    /** The child JVM's entry point: {@code backup|restore URL FILE}, one timed operation, one RESULT line. */
    public static void main(String[] args) throws Exception {
        child(args);
    }

    static final String SCHEMA_SQL = """
            CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text NOT NULL,
                user_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (user_id, slug));
            CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, name text NOT NULL, description text,
                price numeric(10,2), stock integer, active boolean, tags text[], attrs jsonb,
                category_id integer NOT NULL REFERENCES categories(id), user_id text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (user_id, category_id, slug));
            CREATE INDEX products_category_idx ON products (category_id);
            """;

    static String generateSql(int categories, int products) {
        return """
                INSERT INTO categories (slug, name, user_id) SELECT 'cat-' || g, 'Category ' || g, 'bench-user'
                FROM generate_series(1, %d) g;
                INSERT INTO products (slug, name, description, price, stock, active, tags, attrs, category_id, user_id, created_at)
                SELECT 'prod-' || g, 'Product ' || g, 'Description of product ' || g || ', a fine thing for every home',
                    (g %% 100000) / 100.0, g %% 500, g %% 3 <> 0, ARRAY['t' || (g %% 7), 't' || (g %% 11)],
                    jsonb_build_object('color', 'c' || (g %% 5), 'weight', g %% 1000), (g %% %d) + 1, 'bench-user',
                    timestamptz '2026-01-01' + g * interval '1 second'
                FROM generate_series(1, %d) g;
                """.formatted(categories, categories, products);
    }

    static double pythonAlgorithm(String url, int rows) throws SQLException {
        List<Object[]> source = new ArrayList<>();
        try (Connection connection = connect(url); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT slug, name, description, price::text, stock, active,"
                        + " tags::text, attrs::text, category_id, created_at::text FROM products ORDER BY id LIMIT " + rows)) {
            while (rs.next()) {
                Object[] row = new Object[10];
                for (int i = 0; i < 10; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                source.add(row);
            }
        }
        long start = System.nanoTime();
        try (Connection connection = connect(url)) {
            connection.setAutoCommit(false);
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT id FROM products WHERE slug = ? AND user_id = ? AND category_id = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO products (slug, name, description,"
                            + " price, stock, active, tags, attrs, category_id, user_id, created_at)"
                            + " VALUES (?, ?, ?, ?::numeric, ?, ?, ?::text[], ?::jsonb, ?, ?, ?::timestamptz) RETURNING id")) {
                for (Object[] row : source) {
                    exists.setString(1, (String) row[0]);
                    exists.setString(2, "python-user");
                    exists.setInt(3, (Integer) row[8]);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                    for (int i = 0; i < 10; i++) {
                        insert.setObject(i < 9 ? i + 1 : 11, row[i]);
                    }
                    insert.setString(10, "python-user");
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                    }
                }
            }
            connection.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sql(url, "DELETE FROM products WHERE user_id = 'python-user'");
        return seconds;
    }

    /** A child JVM's report. */
    record Child(double seconds, long peakHeap) {
    }

    static Child best(Child previous, Child next) {
        if (previous == null) {
            return next;
        }
        return new Child(Math.min(previous.seconds, next.seconds), Math.max(previous.peakHeap, next.peakHeap));
    }

    static Child runChild(String operation, String url, Path file) throws IOException, InterruptedException {
        return runChild(BackupBench.class, operation, url, file.toString());
    }

    /**
     * Runs {@code main}'s {@code main(["child", operation, arguments...])} in a JVM with {@code -Xmx256m}
     * and returns the time and peak heap of its {@code RESULT seconds peakHeap summary} line.
     */
    static Child runChild(Class<?> main, String operation, String... arguments) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.log.dev.dbadapter.backup=" + System.getProperty("bench.trace", "info"), "-cp",
                System.getProperty("java.class.path"), main.getName(), "child", operation));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else {
                    System.err.println("  child: " + line);
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException("child " + operation + " failed (exit " + process.exitValue() + ")");
        }
        String[] parts = result.split(" ", 4);
        System.err.printf(Locale.ROOT, "  %s %.2f s: %s%n", operation, Double.parseDouble(parts[1]), parts[3]);
        return new Child(Double.parseDouble(parts[1]), Long.parseLong(parts[2]));
    }

    static void child(String[] args) throws Exception {
        String operation = args[1];
        String url = args[2];
        Path file = Path.of(args[3]);
        try (PostgresAdapter adapter = PostgresAdapter.connect(url)) {
            adapter.count("categories", Map.of()).join();
            resetPeaks();
            long start = System.nanoTime();
            String summary;
            if (operation.equals("backup")) {
                BackupResult result = Backups.backup(adapter, SCHEMA, USER, file, null, null).join();
                summary = result.tableCounts().toString();
            } else {
                RestoreResult result = Backups.restore(adapter, SCHEMA, file, USER, RestoreMode.SKIP, false).join();
                StringBuilder text = new StringBuilder();
                result.tables().forEach((name, counts) -> text.append(name).append(": inserted=").append(counts.inserted())
                        .append(" skipped=").append(counts.skipped()).append(" failed=").append(counts.failed()).append("; "));
                summary = text.toString();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println("RESULT " + seconds + " " + peakHeap() + " " + summary);
        }
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static double psql(String url, String command) throws IOException, InterruptedException {
        PostgresUrl parsed = PostgresUrl.parse(url);
        String libpq = url.startsWith("jdbc:") ? url.substring(5) : url;
        long start = System.nanoTime();
        Process process = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", libpq, "-c", command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed for " + parsed.jdbcUrl() + ": " + output);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static void check(String url, String query, long expected) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new IllegalStateException(query + " gave " + rs.getLong(1) + ", expected " + expected);
            }
        }
    }

    /** Runs {@code ;}-separated statements one by one (VACUUM cannot share a round trip). */
    static void sql(String url, String sql) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
    }

    static Connection connect(String url) throws SQLException {
        PostgresUrl parsed = PostgresUrl.parse(url);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    /** Deletes the benchmark's work folder and the files in it. */
    static void deleteFolder(Path work) throws IOException {
        try (var files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(work);
    }

    static long mb(Path file) throws IOException {
        return Files.size(file) / (1024 * 1024);
    }

    static String[] row(String operation, long rows, double seconds, String baseline, double baselineSeconds,
            String target, long peakHeap) {
        String ratio = baselineSeconds > 0 ? String.format(Locale.ROOT, "%.2fx", seconds / baselineSeconds) : "-";
        return new String[] {operation, String.format(Locale.ROOT, "%,d", rows), String.format(Locale.ROOT, "%.2f", seconds),
                baseline, baselineSeconds > 0 ? String.format(Locale.ROOT, "%.2f", baselineSeconds) : "-", ratio, target,
                peakHeap < 0 ? "-" : (peakHeap / (1024 * 1024)) + " MiB"};
    }
}
