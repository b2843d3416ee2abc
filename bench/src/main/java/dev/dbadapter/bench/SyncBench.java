package dev.dbadapter.bench;

import static dev.dbadapter.bench.BackupBench.USER;
import static dev.dbadapter.bench.BackupBench.check;
import static dev.dbadapter.bench.BackupBench.psql;
import static dev.dbadapter.bench.BackupBench.row;
import static dev.dbadapter.bench.BackupBench.sql;

import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.bench.BackupBench.Child;
import dev.dbadapter.sync.SyncMode;
import dev.dbadapter.sync.SyncOptions;
import dev.dbadapter.sync.SyncResult;
import dev.dbadapter.sync.Syncs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code sync}: one user's {@code --categories} (1,000) categories and {@code --products}
 * (1,000,000) products, beside other users' rows, synced between two databases on the same server
 * along the backup schema (the FK-aware path): into a destination without the user's rows, against
 * {@code \copy TO} + {@code \copy FROM} of the same rows through psql; then in overwrite mode when
 * everything is in sync, and after 1% of the source's products changed, against {@code \copy TO}.
 * Each sync runs in a child JVM with {@code -Xmx256m} that reports its time and peak heap; each
 * measurement runs {@code --rounds} (1) times and the fastest counts.
 */
final class SyncBench implements Benchmark {
    private static final String OTHER_ROWS = """
            INSERT INTO categories (slug, name, user_id) SELECT 'other-' || g, 'Other ' || g, 'other-user'
            FROM generate_series(1, 100) g;
            INSERT INTO products (slug, name, price, category_id, user_id)
            SELECT 'other-' || g, 'Other ' || g, 1, (SELECT min(id) FROM categories WHERE user_id = 'other-user'), 'other-user'
            FROM generate_series(1, %d) g
            """;

    @Override
    public Set<String> optionNames() {
        return Set.of("products", "categories", "rounds");
    }

    @Override
    public void run(BenchDatabase database, BenchOptions options, PrintStream out) throws Exception {
        int products = options.intValue("products", 1_000_000);
        int categories = options.intValue("categories", 1_000);
        int rounds = options.intValue("rounds", 1);
        long rows = categories + (long) products;
        String source = database.url();
        Path work = Files.createTempDirectory("dba-bench-sync");
        TextTable table = new TextTable("operation", "rows", "time s", "baseline", "baseline s", "ratio", "target",
                "peak heap (-Xmx256m)");
        try (BenchDatabase second = database.sibling("sync_destination")) {
            String destination = second.url();
            out.printf(Locale.ROOT, "sync: %,d categories and %,d products of one user (and %,d rows of another);"
                    + " %d round(s), fastest counts%n", categories, products, 100 + products / 10, rounds);
            sql(source, BackupBench.SCHEMA_SQL);
            sql(source, BackupBench.generateSql(categories, products));
            sql(source, OTHER_ROWS.formatted(products / 10));
            sql(source, "VACUUM ANALYZE");
            sql(destination, BackupBench.SCHEMA_SQL);

            Path categoriesCsv = work.resolve("categories.csv");
            Path productsCsv = work.resolve("products.csv");
            double copyOut = Double.MAX_VALUE;
            double copyBoth = Double.MAX_VALUE;
            Child intoEmpty = null;
            for (int round = 0; round < rounds; round++) {
                sql(destination, "TRUNCATE products, categories RESTART IDENTITY; VACUUM ANALYZE; CHECKPOINT");
                double out1 = psql(source, "\\copy (" + BackupBench.ROWS_SQL.formatted("categories", "") + ") TO '"
                        + categoriesCsv + "'") + psql(source, "\\copy (" + BackupBench.ROWS_SQL.formatted("products", "")
                        + ") TO '" + productsCsv + "'");
                double in = psql(destination, "\\copy categories FROM '" + categoriesCsv + "'")
                        + psql(destination, "\\copy products FROM '" + productsCsv + "'");
                System.err.printf(Locale.ROOT, "  \\copy TO %.2f s, \\copy FROM %.2f s%n", out1, in);
                copyOut = Math.min(copyOut, out1);
                copyBoth = Math.min(copyBoth, out1 + in);
                sql(destination, "TRUNCATE products, categories RESTART IDENTITY");
                sql(destination, OTHER_ROWS.formatted(products / 10));
                sql(destination, "VACUUM ANALYZE; CHECKPOINT");
                intoEmpty = BackupBench.best(intoEmpty, BackupBench.runChild(SyncBench.class, "skip", source, destination));
                check(destination, "SELECT count(*) FROM products WHERE user_id = '" + USER + "'", products);
            }
            table.add(row("sync into an empty destination", rows, intoEmpty.seconds(), "\\copy TO + \\copy FROM", copyBoth,
                    "<= 1.5x", intoEmpty.peakHeap()));

            sql(destination, "VACUUM ANALYZE; CHECKPOINT");
            Child inSync = null;
            for (int round = 0; round < rounds; round++) {
                inSync = BackupBench.best(inSync, BackupBench.runChild(SyncBench.class, "overwrite", source, destination));
            }
            table.add(row("sync --mode overwrite, already in sync", rows, inSync.seconds(), "\\copy TO", copyOut,
                    "<= 1.5x", inSync.peakHeap()));

            Child changed = null;
            for (int round = 0; round < rounds; round++) {
                sql(source, "UPDATE products SET price = price + 1 WHERE user_id = '" + USER + "' AND id % 100 = 0;"
                        + " VACUUM ANALYZE; CHECKPOINT");
                changed = BackupBench.best(changed, BackupBench.runChild(SyncBench.class, "overwrite", source, destination));
            }
            table.add(row("sync --mode overwrite, 1% changed", rows, changed.seconds(), "\\copy TO", copyOut, "<= 2x",
                    changed.peakHeap()));
            check(destination, "SELECT count(*) FROM products WHERE user_id = 'other-user'", products / 10);
        } finally {
            BackupBench.deleteFolder(work);
        }
        table.print(out);
    }

    /** The child JVM's entry point: {@code child skip|overwrite SOURCE_URL DESTINATION_URL}, one timed sync. */
    public static void main(String[] args) throws Exception {
        SyncMode mode = SyncMode.parse(args[1]);
        try (PostgresAdapter source = PostgresAdapter.connect(args[2]);
                PostgresAdapter destination = PostgresAdapter.connect(args[3])) {
            source.count("categories", java.util.Map.of()).join();
            destination.count("categories", java.util.Map.of()).join();
            BackupBench.resetPeaks();
            long start = System.nanoTime();
            SyncResult result = Syncs.sync(source, destination, SyncOptions.of(List.of("categories", "products"), USER)
                    .withBackupSchema(BackupBench.SCHEMA).withMode(mode).confirmed()).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!result.ok()) {
                throw new IllegalStateException("sync failed: " + result);
            }
            StringBuilder summary = new StringBuilder();
            result.tables().forEach((name, counts) -> summary.append(name).append(": new=").append(counts.newRows())
                    .append(" differing=").append(counts.differing()).append(" inserted=").append(counts.inserted())
                    .append(" updated=").append(counts.updated()).append("; "));
            System.out.println("RESULT " + seconds + " " + BackupBench.peakHeap() + " " + summary);
        }
    }
}
