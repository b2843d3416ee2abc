package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.backup.BackupCheck;
import dev.dbadapter.backup.BackupResult;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.schema.FixOptions;
import dev.dbadapter.schema.FixPlan;
import dev.dbadapter.schema.FixResult;
import dev.dbadapter.schema.SchemaFile;
import dev.dbadapter.schema.SchemaFixer;
import dev.dbadapter.schema.SchemaIntrospector;
import dev.dbadapter.schema.SchemaValidator;
import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.FaultProxy;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup, restore and fix when something breaks mid-way or runs concurrently: a failure leaves every
 * row as it was, a success leaves other users' rows as they were, and a backup is one snapshot.
 */
@Reliability
class DataSafetyTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SHOP = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));

    @TempDir
    Path dir;

    @BeforeEach
    void shop() {
        db.sql("""
                DROP SCHEMA public CASCADE; CREATE SCHEMA public;
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL,
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL);
                INSERT INTO categories (slug, user_id) SELECT 'c' || g, 'u' || (g % 3) FROM generate_series(1, 30) g;
                INSERT INTO products (slug, category_id, user_id)
                    SELECT 'p' || g, 1 + g % 30, 'u' || ((1 + g % 30) % 3) FROM generate_series(1, 300) g;
                """);
    }

    @Test
    void aBackupWhoseConnectionIsCutLeavesNoFileAtTheOutputPath() throws Exception {
        Path output = dir.resolve("cut.json");
        try (FaultProxy proxy = FaultProxy.to(db.url()); Connection locker = lock("products")) {
            PostgresAdapter adapter = db.newAdapter(proxy.url(db.url()), PoolOptions.DEFAULTS.withFixedSize(1)
                    .withSocketTimeout(Duration.ofSeconds(2)));
            long start = System.nanoTime();
            CompletableFuture<BackupResult> backup = Backups.backup(adapter, SHOP, "u1", output, null, null);
            waitForLockWait();
            proxy.closeAll();
            Throwable error = failure(backup);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(error).isInstanceOf(DatabaseException.class).hasMessageContaining("connection");
        }
        assertThat(output).doesNotExist();
        assertThat(filesIn(dir)).as("no temporary file either").isEmpty();
    }

    @Test
    void aFixWhoseSessionEndsMidRebuildLeavesTheTableAndItsDependantsUnchanged() throws Exception {
        db.sql("""
                CREATE TABLE reviews (id serial PRIMARY KEY, product_id int REFERENCES products(id) ON DELETE CASCADE,
                    body text);
                INSERT INTO reviews (product_id, body) SELECT g, 'fine' FROM generate_series(1, 50) g;
                """);
        String catalogBefore = catalog();
        DataSnapshot before = DataSnapshot.of(db);
        SchemaFile wanted = SchemaFile.parse("""
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL,
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL,
                    price numeric DEFAULT 0, active boolean DEFAULT true);
                CREATE TABLE reviews (id serial PRIMARY KEY, product_id int REFERENCES products(id) ON DELETE CASCADE,
                    body text);
                """);
        String name = "fix_mid_rebuild";
        PostgresAdapter adapter = db.newAdapter(db.urlNamed(name), PoolOptions.DEFAULTS.withFixedSize(1));
        FixPlan plan;
        try (SchemaIntrospector introspector = new SchemaIntrospector(adapter)) {
            plan = SchemaFixer.generateFixPlan(SchemaValidator.validate(introspector.columnNames("public").get(),
                    wanted.expectedColumns()), Map.of(), wanted);
        }
        assertThat(plan.recreateTables()).extracting(FixPlan.RecreateTable::table).containsExactly("products");
        CompletableFuture<FixResult> fix;
        try (Connection locker = lock("reviews")) {
            fix = SchemaFixer.applyFixes(adapter, plan, FixOptions.preview().confirmed());
            waitForLockWait();
            db.terminateSessions(name);
        }
        Throwable error = failure(fix);
        assertThat(error).isInstanceOf(DatabaseException.class).hasMessageContaining("terminated");
        before.assertUnchanged(db);
        assertThat(catalog()).as("tables, columns and constraints as before").isEqualTo(catalogBefore);
        assertThat(adapter.count("products", Map.of()).get(10, TimeUnit.SECONDS)).isEqualTo(300L);
    }

    @Test
    void aBackupTakenWhileParentsAndChildrenAreInsertedRestoresWithoutAnOrphan() throws Exception {
        PostgresAdapter writer = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(2));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> inserts = CompletableFuture.runAsync(() -> {
            while (writing.get()) {
                int n = written.incrementAndGet();
                writer.inTransaction(tx -> tx.insert("categories", Map.of("slug", "live" + n, "user_id", "u1"))
                        .thenCompose(category -> tx.insert("products", Map.of("slug", "live" + n,
                                "category_id", category.get("id"), "user_id", "u1")))).join();
            }
        });
        Path file = dir.resolve("live.json");
        try {
            while (written.get() < 20) {
                Thread.sleep(5);
            }
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 3; i++) {
                    Backups.backup(db.adapter(), SHOP, "u1", file, null, null).get();
                    BackupCheck check = Backups.validateBackup(file, SHOP);
                    assertThat(check.errors()).isEmpty();
                    assertThat(check.warnings()).as("no child without its parent").noneMatch(w -> w.contains("orphan"));
                }
            });
        } finally {
            writing.set(false);
            inserts.get(10, TimeUnit.SECONDS);
        }
        RestoreResult restored = Backups.restore(db.adapter(), SHOP, file, "copy", RestoreMode.SKIP, false).get();
        assertThat(restored.totalFailed()).isZero();
        assertThat(restored.totalOrphaned()).isZero();
        assertThat(restored.tables().get("products").inserted()).isEqualTo(restored.tables().get("products").inserted())
                .isEqualTo((Long) db.scalar("SELECT count(*) FROM products WHERE user_id = 'copy'"));
        assertThat(db.scalar("SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id"
                + " WHERE p.user_id = 'copy' AND c.user_id <> 'copy'")).isEqualTo(0L);
    }

    @Test
    void twoRestoresOfOneFileAtOnceBothFinishWithoutDuplicatesAndLeaveOtherUsersAlone() throws Exception {
        Path file = dir.resolve("u1.json");
        Backups.backup(db.adapter(), SHOP, "u1", file, null, null).get();
        DataSnapshot othersBefore = DataSnapshot.of(db);
        PostgresAdapter one = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        PostgresAdapter two = db.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CompletableFuture<RestoreResult> first = Backups.restore(one, SHOP, file, "u9", RestoreMode.SKIP, false);
            CompletableFuture<RestoreResult> second = Backups.restore(two, SHOP, file, "u9", RestoreMode.SKIP, false);
            RestoreResult a = first.get();
            RestoreResult b = second.get();
            assertThat(a.totalInserted() + b.totalInserted()).isEqualTo(a.totalInserted() == 0 ? b.totalInserted()
                    : a.totalInserted());
        });
        assertThat(db.scalar("SELECT count(*) FROM (SELECT slug FROM categories WHERE user_id = 'u9'"
                + " GROUP BY slug HAVING count(*) > 1) d")).as("duplicate categories").isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM (SELECT slug, category_id FROM products WHERE user_id = 'u9'"
                + " GROUP BY 1, 2 HAVING count(*) > 1) d")).as("duplicate products").isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id = 'u9'"))
                .isEqualTo(db.scalar("SELECT count(*) FROM products WHERE user_id = 'u1'"));
        db.sql("DELETE FROM products WHERE user_id = 'u9'; DELETE FROM categories WHERE user_id = 'u9'");
        othersBefore.assertUnchanged(db);
    }

    /** Holds an exclusive lock on {@code table} until the connection closes. */
    private static Connection lock(String table) throws Exception {
        Connection connection = db.connection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    private static void waitForLockWait() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (db.scalar("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' LIMIT 1") != null) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing waited for the lock within 10 s");
    }

    /** Every table, column and constraint of the public schema, as text. */
    private static String catalog() {
        return db.query("SELECT table_name, column_name, data_type, column_default FROM information_schema.columns"
                + " WHERE table_schema = 'public' ORDER BY 1, 2").toString()
                + db.query("SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def"
                        + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2");
    }

    private static List<Path> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
