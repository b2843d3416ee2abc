package dev.dbadapter.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.sync.SyncOptions;
import dev.dbadapter.sync.SyncResult;
import dev.dbadapter.sync.Syncs;
import dev.dbadapter.testing.DataSnapshot;
import dev.dbadapter.testing.PgBouncerExtension;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import dev.dbadapter.testing.ReliabilityFigures;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sync whose destination session is terminated mid-write, and a sync through PgBouncer in
 * transaction mode: the FK-aware path leaves the destination as it was, the direct path leaves each
 * table whole, and a re-run converges to what an undisturbed sync gives.
 */
@Reliability
class SyncFaultsTest {
    @RegisterExtension
    @Order(1)
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    @Order(1)
    static final PgDatabaseExtension destination = new PgDatabaseExtension();
    @RegisterExtension
    @Order(2)
    static final PgBouncerExtension bouncer = new PgBouncerExtension(destination);

    static final List<String> SHOP = List.of("categories", "products");
    static final BackupSchema SCHEMA = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));
    static final String TABLES = """
            DROP TABLE IF EXISTS products, categories;
            CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, user_id text NOT NULL);
            CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL);
            """;

    @BeforeEach
    void shop() {
        source.sql(TABLES + """
                INSERT INTO categories (slug, user_id) SELECT 'c' || g, 'u' || (g % 2) FROM generate_series(1, 40) g;
                INSERT INTO products (slug, price, category_id, user_id)
                    SELECT 'p' || g, g, 1 + g % 40, 'u' || ((1 + g % 40) % 2) FROM generate_series(1, 800) g;
                """);
        // the other user's rows at keys the source does not use
        destination.sql(TABLES + """
                INSERT INTO categories (id, slug, user_id) SELECT 10000 + g, 'c' || g, 'u0' FROM generate_series(1, 5) g;
                INSERT INTO products (id, slug, price, category_id, user_id)
                    SELECT 10000 + g, 'mine' || g, g, 10001 + g % 5, 'u0' FROM generate_series(1, 50) g;
                """);
    }

    @Test
    void onTheFkAwarePathATerminatedSessionLeavesTheDestinationAsItWasAndARerunConverges() throws Exception {
        DataSnapshot before = DataSnapshot.of(destination);
        SyncOptions options = SyncOptions.of(SHOP, "u1").withBackupSchema(SCHEMA).confirmed();

        Outcome faulted = terminatedMidWrite("sync_fk_aware", options);

        assertThat(faulted.failed()).as(faulted.toString()).isTrue();
        before.assertUnchanged(destination);
        assertThat(destination.scalar("SELECT count(*) FROM pg_class WHERE relpersistence = 't'"))
                .as("no staging table left").isEqualTo(0L);
        SyncResult rerun = Syncs.sync(source.adapter(), destination.adapter(), options).get(60, TimeUnit.SECONDS);
        assertThat(rerun.ok()).as(rerun.toString()).isTrue();
        assertConverged(false);
    }

    @Test
    void onTheDirectPathEachCommittedTableIsWholeAndARerunConverges() throws Exception {
        // the direct path copies references as they are, which a foreign key would reject here
        destination.sql("ALTER TABLE products DROP CONSTRAINT products_category_id_fkey");
        SyncOptions options = SyncOptions.of(SHOP, "u1").confirmed();

        Outcome faulted = terminatedMidWrite("sync_direct", options);

        assertThat(faulted.failed()).as(faulted.toString()).isTrue();
        for (String table : SHOP) {
            Object copied = destination.scalar("SELECT count(*) FROM " + table + " WHERE user_id = 'u1'");
            assertThat(copied).as(table + ": all of the user's rows or none")
                    .isIn(0L, source.scalar("SELECT count(*) FROM " + table + " WHERE user_id = 'u1'"));
        }
        SyncResult rerun = Syncs.sync(source.adapter(), destination.adapter(), options).get(60, TimeUnit.SECONDS);
        assertThat(rerun.ok()).as(rerun.toString()).isTrue();
        assertConverged(true);
    }

    @Test
    void aSyncThroughPgBouncerInTransactionModeWritesAndAgainWritesNothing() throws Exception {
        PostgresAdapter pooled = destination.newAdapter(bouncer.url(), PoolOptions.DEFAULTS.withFixedSize(4)
                .withSocketTimeout(Duration.ofSeconds(20)));
        SyncOptions options = SyncOptions.of(SHOP, "u1").withBackupSchema(SCHEMA).confirmed();

        SyncResult first = Syncs.sync(source.adapter(), pooled, options).get(60, TimeUnit.SECONDS);
        SyncResult again = Syncs.sync(source.adapter(), pooled, options).get(60, TimeUnit.SECONDS);

        assertThat(first.ok()).as(first.toString()).isTrue();
        assertThat(first.totalInserted()).isEqualTo(20L + 400L);
        assertThat(again.ok()).as(again.toString()).isTrue();
        assertThat(again.totalInserted()).isZero();
        assertConverged(false);
    }

    /** What a faulted sync gave: a result or a failure. */
    record Outcome(SyncResult result, Throwable error) {
        boolean failed() {
            return error != null || !result.ok();
        }
    }

    /**
     * Starts a sync into a destination session named {@code name}, lets it wait on a write lock on
     * products (reads still pass), then terminates that session.
     */
    private static Outcome terminatedMidWrite(String name, SyncOptions options) throws Exception {
        PostgresAdapter into = destination.newAdapter(destination.urlNamed(name), PoolOptions.DEFAULTS.withFixedSize(2));
        CompletableFuture<SyncResult> sync;
        try (Connection locker = destination.connection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE products IN EXCLUSIVE MODE");
            }
            sync = Syncs.sync(source.adapter(), into, options);
            awaitLockWait();
            assertThat(destination.terminateSessions(name)).isPositive();
            locker.rollback();
        }
        try {
            return new Outcome(sync.get(30, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome(null, SqlErrors.unwrap(e.getCause()));
        }
    }

    private static void awaitLockWait() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (destination.scalar("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' LIMIT 1") != null) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the sync did not wait for the lock within 10 s");
    }

    /**
     * Asserts the destination holds what an undisturbed sync gives: the user's rows as in the source
     * (references as they are on the direct path, else followed to their category's slug), the other
     * user's as they were, and counts any row lost.
     */
    private static void assertConverged(boolean referencesKept) {
        String query = referencesKept
                ? "SELECT p.slug, p.price::text AS price, p.category_id FROM products p WHERE p.user_id = 'u1' ORDER BY p.slug"
                : "SELECT p.slug, p.price::text AS price, c.slug AS category FROM products p JOIN categories c"
                        + " ON c.id = p.category_id WHERE p.user_id = 'u1' ORDER BY p.slug";
        long lost = (Long) source.scalar("SELECT count(*) FROM products WHERE user_id = 'u1'")
                - (Long) destination.scalar("SELECT count(*) FROM products WHERE user_id = 'u1'");
        ReliabilityFigures.rowsLost(Math.max(0, lost));
        assertThat(destination.query(query)).isEqualTo(source.query(query));
        assertThat(destination.query("SELECT slug FROM categories WHERE user_id = 'u1' ORDER BY slug"))
                .isEqualTo(source.query("SELECT slug FROM categories WHERE user_id = 'u1' ORDER BY slug"));
        assertThat(destination.scalar("SELECT count(*) FROM products WHERE user_id = 'u0'")).isEqualTo(50L);
    }
}
