package dev.dbadapter.backup;

import static dev.dbadapter.backup.RestoreBehaviourTest.STANDARD;
import static dev.dbadapter.backup.RestoreBehaviourTest.counts;
import static dev.dbadapter.backup.RestoreBehaviourTest.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Backups#restore} along both {@link Route}s: each scenario of the COPY engine's behaviour
 * gives the same counts and leaves the same rows when the client is not a PostgreSQL one.
 */
class PortableRestoreTest extends ShopRestoreTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = ShopSchema.THREE_LEVELS;

    @Override
    PgDatabaseExtension database() {
        return db;
    }

    static String rows() {
        return ShopSchema.rows(db);
    }

    /** Every row with its references followed to slugs, so keys taken from a sequence do not matter. */
    static String shape() {
        return db.query("SELECT slug, name, user_id FROM categories ORDER BY user_id, slug, name").toString()
                + db.query("""
                        SELECT p.slug, p.name, p.price::text, c.slug AS category, p.user_id FROM products p
                        JOIN categories c ON c.id = p.category_id ORDER BY p.user_id, c.slug, p.slug""")
                + db.query("""
                        SELECT r.slug, r.body, p.slug AS product, f.slug AS featured, r.user_id FROM reviews r
                        JOIN products p ON p.id = r.product_id LEFT JOIN categories f ON f.id = r.featured_category_id
                        ORDER BY r.user_id, p.slug, r.slug""");
    }

    @Test
    void bothRoutesLeaveTheSameRowsWithTheSameKeys() throws Exception {
        Path file = write(STANDARD);
        String setUp = "INSERT INTO categories (id, slug, name, user_id) VALUES (77, 'tools', 'Existing', 'u1');"
                + " INSERT INTO products (id, slug, name, price, category_id, user_id) VALUES (88, 'saw', 'Old', 1, 77, 'u1')";
        Map<Route, String> after = new java.util.EnumMap<>(Route.class);
        Map<Route, RestoreResult> results = new java.util.EnumMap<>(Route.class);
        for (Route route : Route.values()) {
            db.sql(ShopSchema.TABLES + setUp);
            results.put(route, route.restore(db, SCHEMA, file, RestoreMode.OVERWRITE));
            after.put(route, rows());
        }
        assertThat(results.get(Route.BATCHED).tables()).isEqualTo(results.get(Route.COPY).tables());
        assertThat(results.get(Route.BATCHED).warnings()).isEqualTo(results.get(Route.COPY).warnings());
        assertThat(results.get(Route.COPY).atomic()).as("one transaction").isTrue();
        assertThat(results.get(Route.BATCHED).atomic()).as("batches without a transaction").isFalse();
        assertThat(after.get(Route.BATCHED)).isEqualTo(after.get(Route.COPY));
        assertThat(results.get(Route.COPY).tables()).containsExactly(Map.entry("categories", counts(1, 1, 0, 0)),
                Map.entry("products", counts(2, 1, 0, 0)), Map.entry("reviews", counts(2, 0, 0, 0)));
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void intoEmptyTablesEveryRowIsInsertedWithFreshKeys(Route route) throws Exception {
        RestoreResult result = route.restore(db, SCHEMA, write(STANDARD), RestoreMode.SKIP);
        assertThat(result.tables()).containsExactly(Map.entry("categories", counts(2, 0, 0, 0)),
                Map.entry("products", counts(3, 0, 0, 0)), Map.entry("reviews", counts(2, 0, 0, 0)));
        assertThat(result.warnings()).isEmpty();
        assertThat(db.scalar("SELECT min(id) FROM categories")).isEqualTo(501);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE id IN (10, 11, 12)")).isEqualTo(0L);
        assertThat(shape()).isEqualTo("[{slug=garden, name=Garden, user_id=u1}, {slug=tools, name=Tools, user_id=u1}]"
                + "[{slug=rake, name=Rake, price=5.00, category=garden, user_id=u1},"
                + " {slug=hammer, name=Hammer, price=9.99, category=tools, user_id=u1},"
                + " {slug=saw, name=Saw, price=19.50, category=tools, user_id=u1}]"
                + "[{slug=r1, body=Great, product=hammer, featured=garden, user_id=u1},"
                + " {slug=r2, body=Meh, product=rake, featured=null, user_id=u1}]");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void restoringTwiceInSkipModeIsIdempotent(Route route) throws Exception {
        Path file = write(STANDARD);
        route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        String afterFirst = rows();

        RestoreResult second = route.restore(db, SCHEMA, file, RestoreMode.SKIP);

        assertThat(second.tables()).containsExactly(Map.entry("categories", counts(0, 0, 2, 0)),
                Map.entry("products", counts(0, 0, 3, 0)), Map.entry("reviews", counts(0, 0, 2, 0)));
        assertThat(rows()).isEqualTo(afterFirst);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void overwriteUpdatesChangedValuesKeepsTheKeysAndInsertsWhatIsMissing(Route route) throws Exception {
        Path file = write(STANDARD);
        route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        db.sql("UPDATE products SET name = 'Changed', price = 1 WHERE slug = 'hammer';"
                + " UPDATE categories SET name = 'Renamed' WHERE slug = 'garden'; DELETE FROM reviews WHERE slug = 'r2'");
        String keys = db.query("SELECT id, slug FROM products ORDER BY id").toString()
                + db.query("SELECT id, slug FROM categories ORDER BY id");

        RestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.OVERWRITE);

        assertThat(result.tables()).containsExactly(Map.entry("categories", counts(0, 2, 0, 0)),
                Map.entry("products", counts(0, 3, 0, 0)), Map.entry("reviews", counts(1, 1, 0, 0)));
        assertThat(db.query("SELECT id, slug FROM products ORDER BY id").toString()
                + db.query("SELECT id, slug FROM categories ORDER BY id")).isEqualTo(keys);
        assertThat(db.query("SELECT name, price::text FROM products WHERE slug = 'hammer'"))
                .containsExactly(Map.of("name", "Hammer", "price", "9.99"));
        assertThat(db.scalar("SELECT name FROM categories WHERE slug = 'garden'")).isEqualTo("Garden");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id <> 'u1'")).isEqualTo(0L);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void failModeAbortsOnAnExistingRowBeforeWritingAnything(Route route) throws Exception {
        Path file = write(STANDARD);
        route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        // categories' garden still exists, everything after it would be new
        db.sql("DELETE FROM reviews; DELETE FROM products WHERE slug <> 'rake'; DELETE FROM categories WHERE slug = 'tools'");
        String before = rows();

        assertThatThrownBy(() -> route.restore(db, SCHEMA, file, RestoreMode.FAIL))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("categories[1] (pk=2, slug=garden) already exists")
                .hasMessageContaining("nothing was restored");
        assertThat(rows()).isEqualTo(before);
        RestoreOptions dryFail = RestoreOptions.DEFAULTS.withMode(RestoreMode.FAIL).withDryRun(true);
        assertThatThrownBy(() -> route.restore(db, SCHEMA, file, "u1", dryFail))
                .isInstanceOf(BackupException.class).hasMessageContaining("already exists");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void failModeWithoutExistingRowsRestoresEverything(Route route) throws Exception {
        assertThat(route.restore(db, SCHEMA, write(STANDARD), RestoreMode.FAIL).totalInserted()).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aDryRunReportsWhatTheRealRunDoesAndChangesNothing(Route route) throws Exception {
        for (RestoreMode mode : new RestoreMode[] {RestoreMode.SKIP, RestoreMode.OVERWRITE}) {
            db.sql(ShopSchema.TABLES);
            Path file = write(STANDARD);
            route.restore(db, SCHEMA, file, RestoreMode.SKIP);
            db.sql("DELETE FROM reviews WHERE slug = 'r1'; DELETE FROM products WHERE slug = 'saw'");
            String before = rows();

            RestoreResult dry = route.restore(db, SCHEMA, file, "u1", RestoreOptions.DEFAULTS.withMode(mode).withDryRun(true));
            assertThat(rows()).isEqualTo(before);
            RestoreResult real = route.restore(db, SCHEMA, file, mode);

            assertThat(dry.dryRun()).isTrue();
            assertThat(real.dryRun()).isFalse();
            assertThat(dry.tables()).as(mode.name()).isEqualTo(real.tables());
            assertThat(real.totalInserted()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void preserveIdsKeepsTheFilesKeysAndMovesTheSequencePastThem(Route route) throws Exception {
        db.sql("SELECT setval('products_id_seq', 1, false)");
        RestoreResult result = route.restore(db, SCHEMA, write(STANDARD), "u1", RestoreOptions.DEFAULTS.withPreserveIds(true));

        assertThat(result.warnings()).isEmpty();
        assertThat(db.query("SELECT id, category_id FROM products ORDER BY id").toString())
                .isEqualTo("[{id=10, category_id=1}, {id=11, category_id=1}, {id=12, category_id=2}]");
        assertThat(db.query("SELECT id, product_id, featured_category_id FROM reviews ORDER BY id").toString())
                .isEqualTo("[{id=100, product_id=10, featured_category_id=2}, {id=101, product_id=12, featured_category_id=null}]");
        assertThat(db.scalar("INSERT INTO products (slug, category_id, user_id) VALUES ('new', 1, 'u1') RETURNING id"))
                .isEqualTo(13);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aChildMatchesOnlyUnderItsRemappedParent(Route route) throws Exception {
        db.sql("""
                INSERT INTO categories (id, slug, user_id) VALUES (1, 'tools', 'u1'), (2, 'garden', 'u1');
                INSERT INTO products (slug, price, category_id, user_id) VALUES ('hammer', 1, 2, 'u1');
                """);
        RestoreResult result = route.restore(db, SCHEMA, write(STANDARD), RestoreMode.SKIP);
        assertThat(result.tables().get("products")).isEqualTo(counts(3, 0, 0, 0));
        assertThat(db.query("SELECT c.slug FROM products p JOIN categories c ON c.id = p.category_id"
                + " WHERE p.slug = 'hammer' ORDER BY 1").toString()).isEqualTo("[{slug=garden}, {slug=tools}]");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void childrenOfASkippedParentAttachToTheExistingRowOfAnotherKey(Route route) throws Exception {
        db.sql("INSERT INTO categories (id, slug, name, user_id) VALUES (77, 'tools', 'Existing', 'u1'), (3, 'tools', 'Theirs', 'u2')");
        RestoreResult result = route.restore(db, SCHEMA, write(STANDARD), RestoreMode.SKIP);
        assertThat(result.tables().get("categories")).isEqualTo(counts(1, 0, 1, 0));
        assertThat(db.query("SELECT slug FROM products WHERE category_id = 77 ORDER BY slug").toString())
                .isEqualTo("[{slug=hammer}, {slug=saw}]");
        assertThat(db.scalar("SELECT name FROM categories WHERE id = 77")).isEqualTo("Existing");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE category_id = 3")).isEqualTo(0L);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aRowWhoseParentIsNotInTheFileIsSkippedWithItsChildren(Route route) throws Exception {
        Path file = write(file("[{\"id\": 1, \"slug\": \"tools\", \"user_id\": \"src\"}]",
                "[{\"id\": 10, \"slug\": \"hammer\", \"category_id\": 1, \"user_id\": \"src\"},"
                        + " {\"id\": 11, \"slug\": \"lost\", \"category_id\": 99, \"user_id\": \"src\"}]",
                "[{\"id\": 100, \"slug\": \"r\", \"product_id\": 11, \"user_id\": \"src\"}]"));
        RestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        assertThat(RestoreBehaviourTest.tally(result.tables().get("products"))).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(RestoreBehaviourTest.tally(result.tables().get("reviews"))).containsExactly(0L, 0L, 0L, 1L, 0L);
        assertThat(result.tables().get("products").orphanDetails()).containsExactly(
                new RowFailure(1, "11", "parent category_id=99 was not restored to 'categories'"));
        assertThat(db.scalar("SELECT count(*) FROM products WHERE slug = 'lost'")).isEqualTo(0L);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void optionalRefsAreRemappedOrSetToNull(Route route) throws Exception {
        db.sql("INSERT INTO categories (id, slug, user_id) VALUES (3, 'unrelated', 'u2')");
        Path file = write(STANDARD.replace("\"featured_category_id\": null", "\"featured_category_id\": 3"));
        RestoreResult result = route.restore(db, SCHEMA, file, RestoreMode.SKIP);
        assertThat(result.tables().get("reviews").inserted()).isEqualTo(2);
        assertThat(db.query("SELECT r.slug, c.slug AS featured FROM reviews r LEFT JOIN categories c"
                + " ON c.id = r.featured_category_id ORDER BY r.slug").toString())
                .isEqualTo("[{slug=r1, featured=garden}, {slug=r2, featured=null}]");
        assertThat(db.scalar("SELECT featured_category_id FROM reviews WHERE slug = 'r1'")).isNotEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void fieldsTheTableLacksAreDroppedWithAWarningAndMissingOnesTakeTheirDefaults(Route route) throws Exception {
        db.sql("ALTER TABLE reviews DROP COLUMN body; ALTER TABLE products ADD COLUMN stock int NOT NULL DEFAULT 42");
        RestoreResult result = route.restore(db, SCHEMA, write(STANDARD), RestoreMode.SKIP);
        assertThat(result.tables().get("reviews").inserted()).isEqualTo(2);
        assertThat(result.warnings()).containsExactly(
                "reviews: field(s) [body] of the backup are not columns of the table and were not restored");
        assertThat(db.query("SELECT DISTINCT stock FROM products").toString()).isEqualTo("[{stock=42}]");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void theUserFieldIsRewrittenAndAnotherUsersSlugIsNoMatch(Route route) throws Exception {
        db.sql("INSERT INTO categories (slug, name, user_id) VALUES ('tools', 'Theirs', 'u2')");
        RestoreResult result = route.restore(db, SCHEMA, write(STANDARD), "target",
                RestoreOptions.DEFAULTS.withMode(RestoreMode.OVERWRITE));
        assertThat(result.tables().get("categories")).isEqualTo(counts(2, 0, 0, 0));
        assertThat(db.scalar("SELECT name FROM categories WHERE user_id = 'u2'")).isEqualTo("Theirs");
        assertThat(db.query("SELECT DISTINCT user_id FROM products UNION SELECT DISTINCT user_id FROM reviews").toString())
                .isEqualTo("[{user_id=target}]");
    }
}
