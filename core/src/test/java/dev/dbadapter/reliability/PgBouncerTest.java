package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.DatabaseException;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.Backups;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.backup.RestoreResult;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.PgBouncerExtension;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * The adapter through PgBouncer in transaction mode, with {@code prepareThreshold=0} as the README
 * recommends: every call may land on another server connection, so nothing may rely on session state.
 */
@Reliability
class PgBouncerTest {
    @RegisterExtension
    @Order(1)
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @RegisterExtension
    @Order(2)
    static final PgBouncerExtension bouncer = new PgBouncerExtension(db);

    static final BackupSchema SHOP = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));

    @TempDir
    Path dir;

    @BeforeAll
    static void shop() {
        db.sql("""
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL);
                INSERT INTO categories (slug, user_id) SELECT 'c' || g, 'u1' FROM generate_series(1, 20) g;
                INSERT INTO products (slug, price, category_id, user_id)
                    SELECT 'p' || g, g, 1 + g % 20, 'u1' FROM generate_series(1, 200) g;
                """);
    }

    private static PostgresAdapter adapter() {
        return db.newAdapter(bouncer.url(), PoolOptions.DEFAULTS.withFixedSize(8).withSocketTimeout(Duration.ofSeconds(10)));
    }

    @Test
    void crudAndTransactionsWorkThroughThePooler() throws Exception {
        PostgresAdapter adapter = adapter();
        Map<String, Object> created = adapter.insert("categories", Map.of("slug", "pooled", "user_id", "u5")).get();
        assertThat(adapter.update("categories", Map.of("slug", "renamed"), Map.of("id", created.get("id"))).get())
                .containsEntry("slug", "renamed");
        List<CompletableFuture<Long>> counts = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            counts.add(adapter.count("products", Map.of("user_id", "u1")));
        }
        for (CompletableFuture<Long> count : counts) {
            assertThat(count.get(30, TimeUnit.SECONDS)).isEqualTo(200L);
        }
        Long inTransaction = adapter.<Long>inTransaction(tx -> tx.insert("categories", Map.of("slug", "tx", "user_id", "u5"))
                .thenCompose(row -> tx.count("categories", Map.of("user_id", "u5")))).get(10, TimeUnit.SECONDS);
        assertThat(inTransaction).isEqualTo(2L);
        assertThat(adapter.delete("categories", Map.of("user_id", "u5")).get()).isEqualTo(2);
    }

    @Test
    void aRestorePassesThroughThePoolerAndLeavesOtherUsersAlone() throws Exception {
        Path file = dir.resolve("u1.json");
        Backups.backup(db.adapter(), SHOP, "u1", file, null, null).get();
        DataSnapshot before = DataSnapshot.of(db);
        PostgresAdapter adapter = adapter();
        RestoreResult result = Backups.restore(adapter, SHOP, file, "u7", RestoreMode.SKIP, false).get(60, TimeUnit.SECONDS);
        assertThat(result.totalInserted()).isEqualTo(220L);
        RestoreResult again = Backups.restore(adapter, SHOP, file, "u7", RestoreMode.SKIP, false).get(60, TimeUnit.SECONDS);
        assertThat(again.totalInserted()).isZero();
        db.sql("DELETE FROM products WHERE user_id = 'u7'; DELETE FROM categories WHERE user_id = 'u7'");
        before.assertUnchanged(db);
    }

    @Test
    void aFailingCopyLeavesNoServerConnectionStuck() throws Exception {
        PostgresAdapter adapter = adapter();
        CompletableFuture<Long> copy = adapter.withConnection(connection -> connection.unwrap(PGConnection.class)
                .getCopyAPI().copyIn("COPY categories (slug, user_id) FROM STDIN",
                        new StringReader("ok\tu1\nbroken-row-without-a-tab\n")));
        ReliabilityFigures.badInput();
        try {
            copy.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the COPY succeeded");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DatabaseException.class).hasMessageContaining("22P04");
        }
        assertThat(adapter.count("categories", Map.of()).get(10, TimeUnit.SECONDS)).isEqualTo(20L);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Map<String, Object>> pools = bouncer.pools();
        while (busy(pools) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            pools = bouncer.pools();
        }
        assertThat(pools).as("SHOW POOLS").isNotEmpty().allSatisfy(pool -> {
            assertThat(pool.get("sv_active")).as("server connections in use").isEqualTo(0L);
            assertThat(pool.get("cl_waiting")).as("clients waiting").isEqualTo(0L);
        });
        assertThat(((Number) pools.getFirst().get("sv_idle")).longValue()
                + ((Number) pools.getFirst().get("sv_used")).longValue())
                .isLessThanOrEqualTo(PgBouncerExtension.POOL_SIZE);
    }

    private static boolean busy(List<Map<String, Object>> pools) {
        return pools.stream().anyMatch(pool -> ((Number) pool.get("sv_active")).longValue() > 0);
    }
}
