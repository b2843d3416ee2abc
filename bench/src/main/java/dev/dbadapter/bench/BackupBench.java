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

/**
 * Benchmark of backup and restore against PostgreSQL's own COPY, for one user with 1,000 categories
 * and 1,000,000 products (sizes overridable). Not a test: it prints a table.
 *
 * <p>Usage: {@code java -cp db-adapter-bench.jar dev.dbadapter.bench.BackupBench [products]}. The server
 * comes from {@code DB_ADAPTER_BENCH_URL} (default {@code postgresql://postgres@127.0.0.1:5432/postgres});
 * a scratch database is created and dropped. Backup and restore run in a child JVM with
 * {@code -Xmx256m}, which reports its own time and peak heap; COPY runs through {@code psql \copy}.
 * Each timed operation runs {@code -Dbench.rounds} times (default 2) interleaved with its baseline,
 * and the fastest run of each counts, to damp the noise of a shared machine.
 */
public final class BackupBench {
    static final String USER = "bench-user";
    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));
    static final String ROWS_SQL = "SELECT * FROM %s WHERE user_id = 'bench-user'%s";

    private BackupBench() {
    }

    /** Runs the benchmark, or (first argument {@code child}) one timed operation for the parent. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        int products = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int categories = 1_000;
        String server = System.getenv().getOrDefault("DB_ADAPTER_BENCH_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        String database = "dba_bench_backup_" + ProcessHandle.current().pid();
        Path work = Files.createTempDirectory("dba-bench");
        admin(server, "CREATE DATABASE " + database);
        String url = withDatabase(server, database);
        List<String[]> table = new ArrayList<>();
        try {
            System.err.printf("Generating %,d categories and %,d products...%n", categories, products);
            sql(url, SCHEMA_SQL);
            sql(url, generateSql(categories, products));
            sql(url, "VACUUM ANALYZE");
            long rows = categories + (long) products;

            Path backupFile = work.resolve("backup.json");
            Path catCsv = work.resolve("categories.csv");
            Path prodCsv = work.resolve("products.csv");
            Child backup = null;
            double copyOut = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                sql(url, "CHECKPOINT");
                backup = best(backup, runChild("backup", url, backupFile));
                sql(url, "CHECKPOINT");
                copyOut = Math.min(copyOut, psql(url, "\\copy (" + ROWS_SQL.formatted("categories", "") + ") TO '" + catCsv + "' CSV")
                        + psql(url, "\\copy (" + ROWS_SQL.formatted("products",
                                " AND category_id IN (SELECT id FROM categories WHERE user_id = 'bench-user')") + ") TO '" + prodCsv + "' CSV"));
            }
            table.add(row("backup to JSON (" + mb(backupFile) + " MB)", rows, backup.seconds, "\\copy TO CSV (" + (mb(catCsv) + mb(prodCsv)) + " MB)",
                    copyOut, "<= 3x", backup.peakHeap));

            double copyIn = Double.MAX_VALUE;
            Child restore = null;
            for (int round = 0; round < ROUNDS; round++) {
                sql(url, "TRUNCATE products, categories RESTART IDENTITY; VACUUM ANALYZE; CHECKPOINT");
                copyIn = Math.min(copyIn, psql(url, "\\copy categories FROM '" + catCsv + "' CSV")
                        + psql(url, "\\copy products FROM '" + prodCsv + "' CSV"));
                sql(url, "TRUNCATE products, categories RESTART IDENTITY; VACUUM ANALYZE; CHECKPOINT");
                restore = best(restore, runChild("restore", url, backupFile));
                check(url, "SELECT count(*) FROM products", products);
            }
            table.add(row("restore into empty tables", rows, restore.seconds, "\\copy FROM CSV", copyIn, "<= 2x", restore.peakHeap));

            sql(url, "VACUUM ANALYZE; CHECKPOINT");
            Child skip = runChild("restore", url, backupFile);
            check(url, "SELECT count(*) FROM products", products);
            table.add(row("restore, skip mode, all rows exist", rows, skip.seconds, "\\copy FROM CSV", copyIn, "-", skip.peakHeap));

            int pythonRows = Math.min(20_000, products);
            double python = pythonAlgorithm(url, pythonRows);
            table.add(row("Python algorithm (row by row), " + pythonRows + " rows", pythonRows, python,
                    "est. for " + rows + " rows", python * rows / pythonRows, "-", -1));
        } finally {
            admin(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(work);
        }
        print(table);
    }

    public static final String SCHEMA_SQL = """
            CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text NOT NULL,
                user_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (user_id, slug));
            CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, name text NOT NULL, description text,
                price numeric(10,2), stock integer, active boolean, tags text[], attrs jsonb,
                category_id integer NOT NULL REFERENCES categories(id), user_id text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (user_id, category_id, slug));
            CREATE INDEX products_category_idx ON products (category_id);
            """;

    public static String generateSql(int categories, int products) {
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

    /** The Python library's restore: per row one existence SELECT and one INSERT, in one transaction. */
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

    /** Each measured operation runs this often (interleaved with its baseline); the fastest run counts. */
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);

    static Child best(Child previous, Child next) {
        if (previous == null) {
            return next;
        }
        return new Child(Math.min(previous.seconds, next.seconds), Math.max(previous.peakHeap, next.peakHeap));
    }

    static Child runChild(String operation, String url, Path file) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.log.dev.dbadapter.backup=" + System.getProperty("bench.trace", "info"), "-cp", System.getProperty("java.class.path"),
                BackupBench.class.getName(), "child", operation, url, file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
        System.err.println("  " + operation + ": " + parts[3]);
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
    public static void sql(String url, String sql) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
    }

    static void admin(String server, String sql) throws SQLException {
        sql(server, sql);
    }

    static Connection connect(String url) throws SQLException {
        PostgresUrl parsed = PostgresUrl.parse(url);
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    static String withDatabase(String serverUrl, String name) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + name + params;
    }

    static long mb(Path file) throws IOException {
        return Files.size(file) / (1024 * 1024);
    }

    static String[] row(String operation, long rows, double seconds, String baseline, double baselineSeconds,
            String target, long peakHeap) {
        String ratio = baselineSeconds > 0 && !baseline.startsWith("est.") ? String.format(Locale.ROOT, "%.2fx", seconds / baselineSeconds) : "-";
        return new String[] {operation, String.format(Locale.ROOT, "%,d", rows), String.format(Locale.ROOT, "%.2f", seconds),
                baseline, String.format(Locale.ROOT, "%.2f", baselineSeconds), ratio, target,
                peakHeap < 0 ? "-" : (peakHeap / (1024 * 1024)) + " MiB"};
    }

    static void print(List<String[]> rows) {
        String[] header = {"Operation", "Rows", "Time (s)", "Baseline", "Baseline (s)", "Ratio", "Target", "Peak heap (-Xmx256m)"};
        int[] widths = new int[header.length];
        for (String[] row : prepend(header, rows)) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : prepend(header, rows)) {
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + widths[i] + "s | ", row[i]));
            }
            System.out.println(line.toString().stripTrailing());
            if (row == header) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append("-".repeat(width + 2)).append('|');
                }
                System.out.println(rule);
            }
        }
    }

    private static List<String[]> prepend(String[] header, List<String[]> rows) {
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
