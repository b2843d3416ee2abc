package dev.dbadapter.sync;

import static dev.dbadapter.sync.SyncFixture.SCHEMA;
import static dev.dbadapter.sync.SyncFixture.SHOP;
import static dev.dbadapter.sync.SyncFixture.checksum;
import static dev.dbadapter.sync.SyncFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The comparison of a PostgreSQL sync over enough rows that it goes by buckets of slugs: tables
 * in sync compare equal without a row crossing, and a few changes are found row by row, exactly,
 * whether the destination's side is read on a second connection or on the sync's own.
 */
class SyncComparisonTest {
    private static final int ROWS = 3000;

    @RegisterExtension
    static final PgDatabaseExtension source = new PgDatabaseExtension();
    @RegisterExtension
    static final PgDatabaseExtension destination = new PgDatabaseExtension();

    private PostgresAdapter single;

    /** How the destination is reached: a pool that can spare a second connection, or one connection only. */
    enum Pool {
        SHARED, SINGLE
    }

    @BeforeEach
    void createRows() {
        SyncFixture.create(source, destination);
        String rows = """
                INSERT INTO products (slug, name, price, category_id, user_id)
                SELECT 'p-' || g, 'Product ' || g, g, (SELECT id FROM categories WHERE slug = 'tools' AND user_id = 'u1'), 'u1'
                FROM generate_series(1, %1$d) g;
                INSERT INTO products (slug, name, price, category_id, user_id)
                SELECT 'p-' || g, 'Theirs ' || g, g, (SELECT min(id) FROM categories WHERE user_id = 'u2'), 'u2'
                FROM generate_series(1, 50) g;
                INSERT INTO tags (slug, label, user_id) SELECT 't-' || g, 'Tag ' || g, 'u1' FROM generate_series(1, %1$d) g;
                """.formatted(ROWS);
        source.sql(rows);
        destination.sql(rows);
    }

    @AfterEach
    void closeSingle() {
        if (single != null) {
            single.close();
            single = null;
        }
    }

    private SyncResult sync(Pool pool, SyncOptions options) {
        PostgresAdapter into = destination.adapter();
        if (pool == Pool.SINGLE) {
            if (single == null) {
                single = destination.newAdapter(PoolOptions.DEFAULTS.withFixedSize(1));
            }
            into = single;
        }
        return join(Syncs.sync(source.adapter(), into, options));
    }

    private static SyncOptions overwrite() {
        return SyncOptions.of(SHOP, "u1").withBackupSchema(SCHEMA).withMode(SyncMode.OVERWRITE);
    }

    private static String everything(PgDatabaseExtension db) {
        return checksum(db, "categories", "true") + checksum(db, "products", "true") + checksum(db, "tags", "true");
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void rowsAlreadyInSyncAreCountedAndNotWritten(Pool pool) {
        sync(pool, overwrite().withDelete(true).confirmed());
        String before = everything(destination);

        SyncResult again = sync(pool, overwrite().withDelete(true).confirmed());

        assertThat(again.ok()).as(again.toString()).isTrue();
        assertThat(again.tables().get("products")).isEqualTo(new TableSyncResult(ROWS + 3, ROWS + 3, 0, ROWS + 3, 0L, 0,
                0, 0, 0, null));
        assertThat(again.tables().get("categories")).isEqualTo(new TableSyncResult(2, 2, 0, 2, 0L, 0, 0, 0, 0, null));
        assertThat(everything(destination)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void oneChangedColumnInOneRowUpdatesExactlyThatRow(Pool pool) {
        sync(pool, overwrite().confirmed());
        source.sql("UPDATE products SET name = 'Renamed' WHERE slug = 'p-1234' AND user_id = 'u1'");
        String others = checksum(destination, "products", "slug <> 'p-1234' OR user_id <> 'u1'");

        SyncResult result = sync(pool, overwrite().confirmed());

        assertThat(result.tables().get("products")).extracting(TableSyncResult::newRows, TableSyncResult::differing,
                TableSyncResult::updated, TableSyncResult::inserted).containsExactly(0L, 1L, 1L, 0L);
        assertThat(destination.scalar("SELECT name FROM products WHERE slug = 'p-1234' AND user_id = 'u1'"))
                .isEqualTo("Renamed");
        assertThat(checksum(destination, "products", "slug <> 'p-1234' OR user_id <> 'u1'")).isEqualTo(others);
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void newDifferingAndMissingRowsAreCountedExactly(Pool pool) {
        sync(pool, overwrite().withDelete(true).confirmed());
        source.sql("""
                UPDATE products SET price = price + 1 WHERE user_id = 'u1' AND slug IN (SELECT 'p-' || g FROM generate_series(1, 30) g);
                DELETE FROM products WHERE user_id = 'u1' AND slug IN (SELECT 'p-' || g FROM generate_series(101, 110) g);
                INSERT INTO products (slug, name, price, category_id, user_id)
                SELECT 'q-' || g, 'Q', g, (SELECT id FROM categories WHERE slug = 'garden' AND user_id = 'u1'), 'u1'
                FROM generate_series(1, 20) g""");
        String theirs = checksum(destination, "products", "user_id <> 'u1'");

        SyncResult plan = join(Syncs.compare(source.adapter(), destination.adapter(), overwrite().withDelete(true)));
        SyncResult done = sync(pool, overwrite().withDelete(true).confirmed());

        assertThat(plan.tables().get("products")).isEqualTo(new TableSyncResult(ROWS + 3 + 10, ROWS + 3, 20, ROWS + 3 - 10,
                30L, 10, 0, 0, 0, null));
        assertThat(done.tables().get("products")).extracting(TableSyncResult::inserted, TableSyncResult::updated,
                TableSyncResult::deleted).containsExactly(20L, 30L, 10L);
        assertThat(SyncFixture.products(destination, "u1")).isEqualTo(SyncFixture.products(source, "u1"));
        assertThat(checksum(destination, "products", "user_id <> 'u1'")).isEqualTo(theirs);
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void aChangeOnlyInTheParentsSlugIsFound(Pool pool) {
        sync(pool, overwrite().confirmed());
        source.sql("UPDATE categories SET slug = 'yard' WHERE slug = 'garden'");

        SyncResult plan = sync(pool, overwrite());

        assertThat(plan.tables().get("categories")).extracting(TableSyncResult::newRows, TableSyncResult::differing,
                TableSyncResult::missing).containsExactly(1L, 0L, 1L);
        // rake points at the category now called yard: its content is the same, its parent is not
        assertThat(plan.tables().get("products")).extracting(TableSyncResult::newRows, TableSyncResult::differing)
                .containsExactly(0L, 1L);
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void aRowMovedToAnotherParentIsMoved(Pool pool) {
        sync(pool, overwrite().withDelete(true).confirmed());
        source.sql("UPDATE products SET category_id = (SELECT id FROM categories WHERE slug = 'garden')"
                + " WHERE slug IN ('p-7', 'p-8') AND user_id = 'u1'; UPDATE products SET price = 0 WHERE slug = 'p-8'");
        String others = checksum(destination, "products", "slug NOT IN ('p-7', 'p-8') OR user_id <> 'u1'");

        SyncResult result = sync(pool, overwrite().confirmed());

        assertThat(result.tables().get("products")).extracting(TableSyncResult::newRows, TableSyncResult::differing,
                TableSyncResult::inserted, TableSyncResult::updated).containsExactly(0L, 2L, 0L, 2L);
        assertThat(SyncFixture.products(destination, "u1")).isEqualTo(SyncFixture.products(source, "u1"));
        assertThat(checksum(destination, "products", "slug NOT IN ('p-7', 'p-8') OR user_id <> 'u1'")).isEqualTo(others);
        assertThat(sync(pool, overwrite()).tables().get("products").differing()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void jsonbThatDiffersOnlyInTrailingZerosIsNeitherCountedNorWritten(Pool pool) {
        for (PgDatabaseExtension side : List.of(source, destination)) {
            side.sql("ALTER TABLE categories ADD COLUMN meta jsonb; ALTER TABLE products ADD COLUMN attrs jsonb;"
                    + " UPDATE categories SET meta = '{\"w\": 1.0}'; UPDATE products SET attrs = '{\"w\": 1.0}'");
        }
        sync(pool, overwrite().confirmed());
        // every category is staged (the products point at them), a moved product is moved before it is written
        source.sql("UPDATE categories SET meta = '{\"w\": 1.00}'; UPDATE categories SET name = 'Renamed' WHERE slug = 'garden';"
                + " UPDATE products SET attrs = '{\"w\": 1.00}' WHERE user_id = 'u1';"
                + " UPDATE products SET category_id = (SELECT id FROM categories WHERE slug = 'garden') WHERE slug = 'p-7'");
        String untouched = checksum(destination, "products", "slug <> 'p-7' OR user_id <> 'u1'");

        SyncResult result = sync(pool, overwrite().confirmed());

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.tables().get("categories")).extracting(TableSyncResult::differing, TableSyncResult::updated)
                .containsExactly(1L, 1L);
        assertThat(result.tables().get("products")).extracting(TableSyncResult::differing, TableSyncResult::updated)
                .containsExactly(1L, 1L);
        assertThat(checksum(destination, "products", "slug <> 'p-7' OR user_id <> 'u1'")).isEqualTo(untouched);
        assertThat(destination.scalar("SELECT c.slug FROM products p JOIN categories c ON c.id = p.category_id"
                + " WHERE p.slug = 'p-7' AND p.user_id = 'u1'")).isEqualTo("garden");
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void aRowMovedToAParentNewInTheSameSyncIsMoved(Pool pool) {
        sync(pool, overwrite().withDelete(true).confirmed());
        source.sql("INSERT INTO categories (slug, name, user_id) VALUES ('shed', 'Shed', 'u1');"
                + " UPDATE products SET category_id = (SELECT id FROM categories WHERE slug = 'shed')"
                + " WHERE slug = 'p-9' AND user_id = 'u1'");

        SyncResult result = sync(pool, overwrite().confirmed());

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.tables().get("categories")).extracting(TableSyncResult::inserted, TableSyncResult::updated)
                .containsExactly(1L, 0L);
        assertThat(result.tables().get("products")).extracting(TableSyncResult::differing, TableSyncResult::inserted,
                TableSyncResult::updated).containsExactly(1L, 0L, 1L);
        assertThat(SyncFixture.products(destination, "u1")).isEqualTo(SyncFixture.products(source, "u1"));
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void nullAndTheEmptyStringDiffer(Pool pool) {
        sync(pool, overwrite().confirmed());
        source.sql("UPDATE products SET name = '' WHERE slug = 'p-5' AND user_id = 'u1';"
                + " UPDATE products SET name = NULL WHERE slug = 'p-6' AND user_id = 'u1'");
        destination.sql("UPDATE products SET name = NULL WHERE slug = 'p-5' AND user_id = 'u1';"
                + " UPDATE products SET name = '' WHERE slug = 'p-6' AND user_id = 'u1'");

        SyncResult first = sync(pool, overwrite().confirmed());
        SyncResult second = sync(pool, overwrite().confirmed());

        assertThat(first.tables().get("products")).extracting(TableSyncResult::differing, TableSyncResult::updated)
                .containsExactly(2L, 2L);
        assertThat(destination.query("SELECT slug, name IS NULL AS missing FROM products WHERE slug IN ('p-5', 'p-6')"
                + " AND user_id = 'u1' ORDER BY slug").toString()).isEqualTo("[{slug=p-5, missing=false}, {slug=p-6, missing=true}]");
        assertThat(second.tables().get("products").differing()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void overwriteWithDeleteRemovesOnlyTheUsersMissingSlugs(Pool pool) {
        source.sql("DELETE FROM tags WHERE slug = 't-77' AND user_id = 'u1'");
        destination.sql("INSERT INTO tags (slug, label, user_id) VALUES ('t-77', 'Theirs', 'u2')");
        String theirs = checksum(destination, "tags", "user_id <> 'u1'");

        SyncResult result = sync(pool, SyncOptions.of(List.of("tags"), "u1").withMode(SyncMode.OVERWRITE).withDelete(true)
                .confirmed());

        assertThat(result.tables().get("tags")).extracting(TableSyncResult::newRows, TableSyncResult::differing,
                TableSyncResult::missing, TableSyncResult::deleted).containsExactly(1L, 0L, 1L, 1L);
        assertThat(destination.scalar("SELECT count(*) FROM tags WHERE slug = 't-77' AND user_id = 'u1'")).isEqualTo(0L);
        assertThat(destination.scalar("SELECT count(*) FROM tags WHERE user_id = 'u1'")).isEqualTo((long) ROWS);
        assertThat(checksum(destination, "tags", "user_id <> 'u1'")).isEqualTo(theirs);
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void awkwardSlugsAmongManyAreComparedExactly(Pool pool) {
        List<String> slugs = List.of("it's", "a,b", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak",
                "ünïcödé ✓ 日本", "", "{braces}", "NULL", " ");
        StringBuilder insert = new StringBuilder("INSERT INTO tags (slug, label, user_id) VALUES ");
        for (int i = 0; i < slugs.size(); i++) {
            insert.append(i == 0 ? "" : ", ").append("('").append(slugs.get(i).replace("'", "''")).append("', 'L', 'u1')");
        }
        source.sql(insert.toString());
        SyncOptions tags = SyncOptions.of(List.of("tags"), "u1").withMode(SyncMode.OVERWRITE);
        sync(pool, tags.confirmed());
        source.sql("UPDATE tags SET label = 'changed' WHERE slug IN ('a,b', '') AND user_id = 'u1';"
                + " DELETE FROM tags WHERE slug = 'line\nbreak'");
        String others = checksum(destination, "tags", "slug NOT IN ('a,b', '', 'line\nbreak')");

        SyncResult result = sync(pool, tags.withDelete(true).confirmed());
        SyncResult again = sync(pool, tags.withDelete(true).confirmed());

        assertThat(result.tables().get("tags")).extracting(TableSyncResult::inserted, TableSyncResult::updated,
                TableSyncResult::deleted).containsExactly(0L, 2L, 1L);
        assertThat(again.tables().get("tags")).extracting(TableSyncResult::newRows, TableSyncResult::differing,
                TableSyncResult::missing).containsExactly(0L, 0L, 0L);
        assertThat(checksum(destination, "tags", "slug NOT IN ('a,b', '', 'line\nbreak')")).isEqualTo(others);
        assertThat(destination.query("SELECT slug, label FROM tags WHERE user_id = 'u1' ORDER BY slug"))
                .isEqualTo(source.query("SELECT slug, label FROM tags WHERE user_id = 'u1' ORDER BY slug"));
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void aSlugUnderTwoParentsOfWhichOneRowChangedUpdatesThatRowAndDeletesNothing(Pool pool) {
        String twice = """
                INSERT INTO products (slug, name, price, category_id, user_id)
                SELECT 'dup', 'Dup', 1, id, 'u1' FROM categories WHERE user_id = 'u1' AND slug IN ('tools', 'garden')""";
        source.sql(twice);
        destination.sql(twice);
        sync(pool, overwrite().withDelete(true).confirmed());
        source.sql("UPDATE products SET price = 2 WHERE slug = 'dup' AND category_id = (SELECT id FROM categories"
                + " WHERE slug = 'garden' AND user_id = 'u1')");

        SyncResult result = sync(pool, overwrite().withDelete(true).confirmed());

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.tables().get("products")).extracting(TableSyncResult::newRows, TableSyncResult::updated,
                TableSyncResult::deleted).containsExactly(0L, 1L, 0L);
        String dups = "SELECT c.slug, p.price::text FROM products p JOIN categories c ON c.id = p.category_id"
                + " WHERE p.slug = 'dup' AND p.user_id = 'u1' ORDER BY c.slug";
        assertThat(destination.query(dups).toString()).isEqualTo("[{slug=garden, price=2}, {slug=tools, price=1}]");
        assertThat(destination.scalar("SELECT count(*) FROM products WHERE user_id = 'u1'"))
                .isEqualTo(source.scalar("SELECT count(*) FROM products WHERE user_id = 'u1'"));
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void intoADestinationWithoutTheUsersRowsEveryRowIsWrittenAndNewCountsSlugs(Pool pool) {
        source.sql("""
                INSERT INTO products (slug, name, price, category_id, user_id)
                SELECT 'dup', 'Dup', 1, id, 'u1' FROM categories WHERE user_id = 'u1' AND slug IN ('tools', 'garden')""");
        destination.sql("DELETE FROM products WHERE user_id = 'u1'");
        long rows = (long) source.scalar("SELECT count(*) FROM products WHERE user_id = 'u1'");
        String theirs = checksum(destination, "products", "user_id <> 'u1'");

        SyncResult result = sync(pool, overwrite().confirmed());

        assertThat(result.tables().get("products")).extracting(TableSyncResult::sourceRows,
                TableSyncResult::destinationRows, TableSyncResult::newRows, TableSyncResult::differing,
                TableSyncResult::inserted).containsExactly(rows, 0L, rows - 1, 0L, rows);
        assertThat(destination.scalar("SELECT count(*) FROM products WHERE user_id = 'u1'")).isEqualTo(rows);
        assertThat(checksum(destination, "products", "user_id <> 'u1'")).isEqualTo(theirs);
    }

    @Test
    void skipModeFindsOnlyTheNewSlugsAmongManyInSync() {
        sync(Pool.SHARED, SyncOptions.of(List.of("tags"), "u1").confirmed());
        source.sql("INSERT INTO tags (slug, label, user_id) VALUES ('fresh', 'F', 'u1');"
                + " UPDATE tags SET label = 'ignored in skip mode' WHERE slug = 't-9'");
        String before = checksum(destination, "tags", "true");

        SyncResult result = sync(Pool.SHARED, SyncOptions.of(List.of("tags"), "u1").confirmed());

        assertThat(result.tables().get("tags")).isEqualTo(new TableSyncResult(ROWS + 2, ROWS + 1, 1, ROWS + 1, null, 0,
                1, 0, 0, null));
        assertThat(checksum(destination, "tags", "slug <> 'fresh'")).isEqualTo(before);
    }
}
