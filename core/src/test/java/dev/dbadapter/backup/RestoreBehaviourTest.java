package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Backups#restore}: modes, dry runs, remapping, failures and odd files, each on its own. */
class RestoreBehaviourTest extends ShopRestoreTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = ShopSchema.THREE_LEVELS;

    static final String METADATA = "{\"created_at\": \"2026-11-24T12:00:00\", \"user_id\": \"src\","
            + " \"backup_type\": \"full\", \"version\": \"1.1\"}";

    /** Two categories, three products, two reviews; ids as a source database had them. */
    static final String STANDARD = file(
            "[{\"id\": 1, \"slug\": \"tools\", \"name\": \"Tools\", \"user_id\": \"src\"},"
                    + " {\"id\": 2, \"slug\": \"garden\", \"name\": \"Garden\", \"user_id\": \"src\"}]",
            "[{\"id\": 10, \"slug\": \"hammer\", \"name\": \"Hammer\", \"price\": 9.99, \"category_id\": 1, \"user_id\": \"src\"},"
                    + " {\"id\": 11, \"slug\": \"saw\", \"name\": \"Saw\", \"price\": 19.5, \"category_id\": 1, \"user_id\": \"src\"},"
                    + " {\"id\": 12, \"slug\": \"rake\", \"name\": \"Rake\", \"price\": 5, \"category_id\": 2, \"user_id\": \"src\"}]",
            "[{\"id\": 100, \"slug\": \"r1\", \"body\": \"Great\", \"product_id\": 10, \"featured_category_id\": 2, \"user_id\": \"src\"},"
                    + " {\"id\": 101, \"slug\": \"r2\", \"body\": \"Meh\", \"product_id\": 12, \"featured_category_id\": null, \"user_id\": \"src\"}]");

    @Override
    PgDatabaseExtension database() {
        return db;
    }

    static String file(String categories, String products, String reviews) {
        return "{\"metadata\": " + METADATA + ", \"categories\": " + categories + ", \"products\": " + products
                + ", \"reviews\": " + reviews + "}";
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e, null);
        }
    }

    RestoreResult restore(Path file, String user, RestoreOptions options) {
        return join(Backups.restore(db.adapter(), SCHEMA, file, user, options));
    }

    RestoreResult restore(Path file, String user, RestoreMode mode) {
        return restore(file, user, RestoreOptions.DEFAULTS.withMode(mode));
    }

    static String snapshot() {
        return db.query("SELECT * FROM categories ORDER BY id").toString() + db.query("SELECT * FROM products ORDER BY id")
                + db.query("SELECT * FROM reviews ORDER BY id");
    }

    static TableRestoreResult counts(long inserted, long updated, long skipped, long failed) {
        return new TableRestoreResult(inserted, updated, skipped, failed, List.of());
    }

    /** A table's counts, orphaned rows apart: inserted, updated, skipped, orphaned, failed. */
    static List<Long> tally(TableRestoreResult result) {
        return List.of(result.inserted(), result.updated(), result.skipped(), result.orphaned(), result.failed());
    }

    @Test
    void restoringTwiceInSkipModeIsIdempotent() throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        String afterFirst = snapshot();

        RestoreResult second = restore(file, "u1", RestoreMode.SKIP);

        assertThat(second.tables()).containsExactly(Map.entry("categories", counts(0, 0, 2, 0)),
                Map.entry("products", counts(0, 0, 3, 0)), Map.entry("reviews", counts(0, 0, 2, 0)));
        assertThat(snapshot()).isEqualTo(afterFirst);
    }

    @Test
    void intoEmptyTablesEveryRowIsInsertedWithFreshIds() throws Exception {
        RestoreResult result = restore(write(STANDARD), "u1", RestoreMode.SKIP);
        assertThat(result.tables()).containsExactly(Map.entry("categories", counts(2, 0, 0, 0)),
                Map.entry("products", counts(3, 0, 0, 0)), Map.entry("reviews", counts(2, 0, 0, 0)));
        assertThat(db.scalar("SELECT min(id) FROM categories")).isEqualTo(501);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE id IN (10, 11, 12)")).isEqualTo(0L);
    }

    @Test
    void overwriteUpdatesChangedValuesAndKeepsTheExistingIds() throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        db.sql("UPDATE products SET name = 'Changed', price = 1 WHERE slug = 'hammer';"
                + " UPDATE categories SET name = 'Renamed' WHERE slug = 'garden'");
        String idsBefore = db.query("SELECT id, slug FROM products ORDER BY id").toString()
                + db.query("SELECT id, slug FROM categories ORDER BY id");
        String untouchedBefore = db.query("SELECT * FROM products WHERE slug = 'saw'").toString();

        RestoreResult result = restore(file, "u1", RestoreMode.OVERWRITE);

        assertThat(result.tables().get("products")).isEqualTo(counts(0, 3, 0, 0));
        assertThat(result.tables().get("categories")).isEqualTo(counts(0, 2, 0, 0));
        assertThat(db.query("SELECT id, slug FROM products ORDER BY id").toString()
                + db.query("SELECT id, slug FROM categories ORDER BY id")).isEqualTo(idsBefore);
        assertThat(db.query("SELECT name, price::text FROM products WHERE slug = 'hammer'"))
                .containsExactly(Map.of("name", "Hammer", "price", "9.99"));
        assertThat(db.scalar("SELECT name FROM categories WHERE slug = 'garden'")).isEqualTo("Garden");
        assertThat(db.query("SELECT * FROM products WHERE slug = 'saw'").toString()).isEqualTo(untouchedBefore);
    }

    @Test
    void overwritingAFewRowsOfABigTableUpdatesThemAndLeavesTheCallersPlannerSettings() throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        db.sql("INSERT INTO products (slug, name, price, category_id, user_id)"
                + " SELECT 'other-' || g, 'Other', 1, (SELECT min(id) FROM categories), 'u2' FROM generate_series(1, 500) g;"
                + " UPDATE products SET price = 1 WHERE slug = 'hammer'; ANALYZE products");
        String others = db.query("SELECT * FROM products WHERE user_id = 'u2' ORDER BY id").toString();

        String[] setting = new String[1];
        RestoreResult result = join(db.adapter().transaction(tx -> tx.execute("SET LOCAL enable_seqscan = on; SET LOCAL jit = on")
                .thenCompose(done -> Backups.restore(tx, SCHEMA, file, "u1", RestoreMode.OVERWRITE, false))
                .thenCompose(restored -> tx.execute("SELECT current_setting('enable_seqscan') || current_setting('jit') AS s").thenApply(rows -> {
                    setting[0] = (String) rows.getFirst().get("s");
                    return restored;
                }))));

        assertThat(result.tables().get("products")).isEqualTo(counts(0, 3, 0, 0));
        assertThat(db.scalar("SELECT price::text FROM products WHERE slug = 'hammer'")).isEqualTo("9.99");
        assertThat(db.query("SELECT * FROM products WHERE user_id = 'u2' ORDER BY id").toString()).isEqualTo(others);
        assertThat(setting[0]).isEqualTo("onon");
    }

    @Test
    void overwriteKeepsTheTargetUserOnUpdatedRows() throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        restore(file, "u1", RestoreMode.OVERWRITE);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id <> 'u1'")).isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);
    }

    @Test
    void overwriteInsertsRowsThatDoNotExistYet() throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        db.sql("DELETE FROM reviews WHERE slug = 'r2'");
        RestoreResult result = restore(file, "u1", RestoreMode.OVERWRITE);
        assertThat(result.tables().get("reviews")).isEqualTo(counts(1, 1, 0, 0));
    }

    @Test
    void failModeNamesTheTableAndTheSlugOfTheExistingRow() throws Exception {
        Path file = write(STANDARD);
        db.sql("INSERT INTO categories (slug, name, user_id) VALUES ('garden', 'Mine', 'u1')");
        String before = snapshot();

        assertThatThrownBy(() -> restore(file, "u1", RestoreMode.FAIL))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("categories[1] (pk=2, slug=garden) already exists");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void failModeWithoutExistingRowsRestoresEverything() throws Exception {
        RestoreResult result = restore(write(STANDARD), "u1", RestoreMode.FAIL);
        assertThat(result.totalInserted()).isEqualTo(7);
    }

    @Test
    void failModeRollsBackTablesAlreadyRestoredEarlierInTheRun() throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        db.sql("DELETE FROM reviews; DELETE FROM products WHERE slug <> 'rake'; DELETE FROM categories WHERE slug = 'tools'");
        String before = snapshot();

        assertThatThrownBy(() -> restore(file, "u1", RestoreMode.FAIL))
                .isInstanceOf(BackupException.class).hasMessageContaining("garden");
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SKIP", "OVERWRITE"})
    void aDryRunReportsWhatTheRealRunDoesAndChangesNothing(RestoreMode mode) throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        db.sql("DELETE FROM reviews WHERE slug = 'r1'; DELETE FROM products WHERE slug = 'saw'");
        String before = snapshot();

        RestoreResult dry = restore(file, "u1", RestoreOptions.DEFAULTS.withMode(mode).withDryRun(true));
        assertThat(snapshot()).isEqualTo(before);
        RestoreResult real = restore(file, "u1", RestoreOptions.DEFAULTS.withMode(mode));

        assertThat(dry.dryRun()).isTrue();
        assertThat(real.dryRun()).isFalse();
        assertThat(dry.tables()).isEqualTo(real.tables());
        assertThat(real.totalInserted()).isEqualTo(2);
    }

    @Test
    void aDryRunReportsFailedRowsAsTheRealRunWould() throws Exception {
        Path file = write(STANDARD.replace("\"Meh\"", "\"forbidden\""));
        String before = snapshot();
        RestoreResult dry = restore(file, "u1", RestoreOptions.DEFAULTS.withDryRun(true));
        assertThat(snapshot()).isEqualTo(before);
        RestoreResult real = restore(file, "u1", RestoreMode.SKIP);
        assertThat(dry.tables().get("categories")).isEqualTo(real.tables().get("categories"));
        assertThat(dry.tables().get("products")).isEqualTo(real.tables().get("products"));
        TableRestoreResult dryReviews = dry.tables().get("reviews");
        TableRestoreResult realReviews = real.tables().get("reviews");
        assertThat(List.of(dryReviews.inserted(), dryReviews.failed())).isEqualTo(List.of(realReviews.inserted(), realReviews.failed()))
                .isEqualTo(List.of(1L, 1L));
        // the database's message names the would-be new key, which a dry run numbers differently
        assertThat(dryReviews.failureDetails()).extracting(RowFailure::rowIndex, RowFailure::oldPk)
                .isEqualTo(realReviews.failureDetails().stream().map(f -> org.assertj.core.groups.Tuple.tuple(f.rowIndex(), f.oldPk())).toList());
    }

    @Test
    void aDryRunInFailModeStillFailsOnAnExistingRow() throws Exception {
        Path file = write(STANDARD);
        restore(file, "u1", RestoreMode.SKIP);
        assertThatThrownBy(() -> restore(file, "u1", RestoreOptions.DEFAULTS.withMode(RestoreMode.FAIL).withDryRun(true)))
                .isInstanceOf(BackupException.class).hasMessageContaining("already exists");
    }

    @Test
    void preserveIdsKeepsTheFilesKeysAndChildrenPointAtThem() throws Exception {
        restore(write(STANDARD), "u1", RestoreOptions.DEFAULTS.withPreserveIds(true));
        assertThat(db.query("SELECT id, category_id FROM products ORDER BY id").toString())
                .isEqualTo("[{id=10, category_id=1}, {id=11, category_id=1}, {id=12, category_id=2}]");
        assertThat(db.query("SELECT id, product_id, featured_category_id FROM reviews ORDER BY id").toString())
                .isEqualTo("[{id=100, product_id=10, featured_category_id=2}, {id=101, product_id=12, featured_category_id=null}]");
    }

    @Test
    void preserveIdsWithATakenKeyReportsTheRowAndRestoresTheRest() throws Exception {
        db.sql("INSERT INTO categories (id, slug, user_id) VALUES (1, 'someone-elses', 'u9')");
        RestoreResult result = restore(write(STANDARD), "u1", RestoreOptions.DEFAULTS.withPreserveIds(true));
        TableRestoreResult categories = result.tables().get("categories");
        assertThat(categories.inserted()).isEqualTo(1);
        assertThat(categories.failed()).isEqualTo(1);
        assertThat(categories.failureDetails()).singleElement().satisfies(failure -> {
            assertThat(failure.rowIndex()).isZero();
            assertThat(failure.oldPk()).isEqualTo("1");
            assertThat(failure.error()).contains("categories_pkey");
        });
        assertThat(tally(result.tables().get("products"))).containsExactly(1L, 0L, 0L, 2L, 0L);
        assertThat(db.scalar("SELECT slug FROM categories WHERE id = 1")).isEqualTo("someone-elses");
    }

    @Test
    void theUserFieldIsRewrittenToTheTargetUser() throws Exception {
        restore(write(STANDARD), "target", RestoreMode.SKIP);
        assertThat(db.query("SELECT DISTINCT user_id FROM categories UNION SELECT DISTINCT user_id FROM products"
                + " UNION SELECT DISTINCT user_id FROM reviews").toString()).isEqualTo("[{user_id=target}]");
    }

    @Test
    void anotherUsersRowWithTheSameSlugIsNotAMatch() throws Exception {
        db.sql("INSERT INTO categories (slug, name, user_id) VALUES ('tools', 'Theirs', 'u2')");
        RestoreResult result = restore(write(STANDARD), "u1", RestoreMode.OVERWRITE);
        assertThat(result.tables().get("categories")).isEqualTo(counts(2, 0, 0, 0));
        assertThat(db.scalar("SELECT name FROM categories WHERE user_id = 'u2'")).isEqualTo("Theirs");
    }

    @Test
    void aChildMatchesOnlyUnderTheSameParent() throws Exception {
        db.sql("""
                INSERT INTO categories (id, slug, user_id) VALUES (1, 'tools', 'u1'), (2, 'garden', 'u1');
                INSERT INTO products (slug, price, category_id, user_id) VALUES ('hammer', 1, 2, 'u1');
                """);
        RestoreResult result = restore(write(STANDARD), "u1", RestoreMode.SKIP);
        assertThat(result.tables().get("products")).isEqualTo(counts(3, 0, 0, 0));
        assertThat(db.scalar("SELECT count(*) FROM products WHERE slug = 'hammer'")).isEqualTo(2L);
    }

    @Test
    void childrenOfASkippedParentAttachToTheExistingRow() throws Exception {
        db.sql("INSERT INTO categories (id, slug, name, user_id) VALUES (77, 'tools', 'Existing', 'u1')");
        restore(write(STANDARD), "u1", RestoreMode.SKIP);
        assertThat(db.query("SELECT slug FROM products WHERE category_id = 77 ORDER BY slug").toString())
                .isEqualTo("[{slug=hammer}, {slug=saw}]");
        assertThat(db.scalar("SELECT name FROM categories WHERE id = 77")).isEqualTo("Existing");
    }

    @Test
    void aRowWhoseParentIsNotInTheFileIsOrphanedCountedAndListed() throws Exception {
        Path file = write(file("[{\"id\": 1, \"slug\": \"tools\", \"user_id\": \"src\"}]",
                "[{\"id\": 10, \"slug\": \"hammer\", \"category_id\": 1, \"user_id\": \"src\"},"
                        + " {\"id\": 11, \"slug\": \"lost\", \"category_id\": 99, \"user_id\": \"src\"}]",
                "[{\"id\": 100, \"slug\": \"r\", \"product_id\": 11, \"user_id\": \"src\"}]"));
        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);
        assertThat(tally(result.tables().get("products"))).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(tally(result.tables().get("reviews"))).containsExactly(0L, 0L, 0L, 1L, 0L);
        assertThat(result.tables().get("products").orphanDetails()).containsExactly(
                new RowFailure(1, "11", "parent category_id=99 was not restored to 'categories'"));
        assertThat(result.tables().get("reviews").orphanDetails()).containsExactly(
                new RowFailure(0, "100", "parent product_id=11 was not restored to 'products'"));
        assertThat(result.totalOrphaned()).isEqualTo(2);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE slug = 'lost'")).isEqualTo(0L);
    }

    @Test
    void aSkipRestoreOfATableNothingPointsAtCountsExistingNewAndOrphanedRowsApart() throws Exception {
        Path first = write(file("[{\"id\": 1, \"slug\": \"tools\", \"user_id\": \"src\"}]",
                "[{\"id\": 10, \"slug\": \"hammer\", \"category_id\": 1, \"user_id\": \"src\"}]",
                "[{\"id\": 100, \"slug\": \"r1\", \"product_id\": 10, \"user_id\": \"src\"},"
                        + " {\"id\": 101, \"slug\": \"r2\", \"product_id\": 10, \"user_id\": \"src\"}]"));
        restore(first, "u1", RestoreMode.SKIP);
        String reviewsBefore = db.query("SELECT * FROM reviews ORDER BY id").toString();
        // reviews: r1 and r2 exist, r3 and r4 are new, r5's product is not in the file, r1 comes twice
        Path second = write(file("[{\"id\": 1, \"slug\": \"tools\", \"user_id\": \"src\"}]",
                "[{\"id\": 10, \"slug\": \"hammer\", \"category_id\": 1, \"user_id\": \"src\"}]",
                "[{\"id\": 100, \"slug\": \"r1\", \"body\": \"changed\", \"product_id\": 10, \"user_id\": \"src\"},"
                        + " {\"id\": 101, \"slug\": \"r2\", \"product_id\": 10, \"user_id\": \"src\"},"
                        + " {\"id\": 102, \"slug\": \"r3\", \"product_id\": 10, \"user_id\": \"src\"},"
                        + " {\"id\": 103, \"slug\": \"r4\", \"product_id\": 10, \"user_id\": \"src\"},"
                        + " {\"id\": 104, \"slug\": \"r5\", \"product_id\": 99, \"user_id\": \"src\"},"
                        + " {\"id\": 105, \"slug\": \"r1\", \"product_id\": 10, \"user_id\": \"src\"}]"));

        RestoreResult result = restore(second, "u1", RestoreMode.SKIP);

        assertThat(tally(result.tables().get("reviews"))).containsExactly(2L, 0L, 3L, 1L, 0L);
        assertThat(result.tables().get("reviews").orphanDetails()).containsExactly(
                new RowFailure(4, "104", "parent product_id=99 was not restored to 'products'"));
        assertThat(db.query("SELECT slug FROM reviews ORDER BY slug").toString())
                .isEqualTo("[{slug=r1}, {slug=r2}, {slug=r3}, {slug=r4}]");
        assertThat(db.query("SELECT * FROM reviews WHERE slug IN ('r1', 'r2') ORDER BY id").toString())
                .isEqualTo(reviewsBefore);
    }

    @Test
    void childrenOfAFailedRowAreSkipped() throws Exception {
        Path file = write(STANDARD.replace("\"price\": 9.99", "\"price\": -1"));
        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);
        assertThat(result.tables().get("products").failed()).isEqualTo(1);
        assertThat(tally(result.tables().get("reviews"))).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(db.scalar("SELECT slug FROM reviews")).isEqualTo("r2");
    }

    @Test
    void optionalRefsAreRemappedToTheNewIds() throws Exception {
        restore(write(STANDARD), "u1", RestoreMode.SKIP);
        assertThat(db.scalar("SELECT c.slug FROM reviews r JOIN categories c ON c.id = r.featured_category_id"
                + " WHERE r.slug = 'r1'")).isEqualTo("garden");
        assertThat(db.scalar("SELECT featured_category_id FROM reviews WHERE slug = 'r1'")).isNotEqualTo(2);
    }

    @Test
    void anOptionalRefToARowNotInTheFileIsSetToNull() throws Exception {
        db.sql("INSERT INTO categories (id, slug, user_id) VALUES (3, 'unrelated', 'u2')");
        Path file = write(STANDARD.replace("\"featured_category_id\": 2", "\"featured_category_id\": 3"));
        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);
        assertThat(result.tables().get("reviews").inserted()).isEqualTo(2);
        assertThat(db.scalar("SELECT featured_category_id FROM reviews WHERE slug = 'r1'")).isNull();
    }

    @Test
    void anOptionalRefToAFailedRowIsSetToNull() throws Exception {
        db.sql("ALTER TABLE categories ADD CHECK (name <> 'Bad')");
        Path file = write(STANDARD.replace("\"Garden\"", "\"Bad\"").replace("\"category_id\": 2", "\"category_id\": 1"));
        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);
        assertThat(result.tables().get("categories").failed()).isEqualTo(1);
        assertThat(db.scalar("SELECT featured_category_id FROM reviews WHERE slug = 'r1'")).isNull();
    }

    @Test
    void extraTableColumnsGetTheirDefaults() throws Exception {
        db.sql("ALTER TABLE products ADD COLUMN stock int NOT NULL DEFAULT 42, ADD COLUMN added_at date DEFAULT date '2000-01-01'");
        RestoreResult result = restore(write(STANDARD), "u1", RestoreMode.SKIP);
        assertThat(result.tables().get("products").inserted()).isEqualTo(3);
        assertThat(result.warnings()).isEmpty();
        assertThat(db.query("SELECT DISTINCT stock, added_at::text AS added FROM products").toString())
                .isEqualTo("[{stock=42, added=2000-01-01}]");
    }

    @Test
    void fieldsTheTableLacksAreDroppedWithAWarning() throws Exception {
        db.sql("ALTER TABLE reviews DROP COLUMN body");
        RestoreResult result = restore(write(STANDARD), "u1", RestoreMode.SKIP);
        assertThat(result.tables().get("reviews").inserted()).isEqualTo(2);
        assertThat(result.warnings()).containsExactly(
                "reviews: field(s) [body] of the backup are not columns of the table and were not restored");
    }

    @Test
    void aConstraintViolationInAChildIsReportedWithIndexAndOldKeyWhileSiblingsAreRestored() throws Exception {
        Path file = write(STANDARD.replace("\"Meh\"", "\"forbidden\""));
        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);
        TableRestoreResult reviews = result.tables().get("reviews");
        assertThat(reviews.inserted()).isEqualTo(1);
        assertThat(reviews.failed()).isEqualTo(1);
        assertThat(reviews.failureDetails()).singleElement().satisfies(failure -> {
            assertThat(failure.rowIndex()).isEqualTo(1);
            assertThat(failure.oldPk()).isEqualTo("101");
            assertThat(failure.error()).contains("reviews_body_check");
        });
        assertThat(db.scalar("SELECT slug FROM reviews")).isEqualTo("r1");
    }

    @Test
    void fiftyBadRowsAmongFiveThousandAreAllReported() throws Exception {
        StringBuilder products = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            products.append(i == 0 ? "" : ",").append("{\"id\": ").append(1000 + i).append(", \"slug\": \"p").append(i)
                    .append("\", \"price\": ").append(i % 100 == 37 ? "-1" : "2").append(", \"category_id\": 1, \"user_id\": \"src\"}");
        }
        Path file = write(file("[{\"id\": 1, \"slug\": \"tools\", \"user_id\": \"src\"}]", products + "]", "[]"));

        TableRestoreResult result = restore(file, "u1", RestoreMode.SKIP).tables().get("products");

        assertThat(result.inserted()).isEqualTo(4950);
        assertThat(result.failed()).isEqualTo(50);
        assertThat(result.failureDetails()).extracting(RowFailure::rowIndex)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).map(k -> k * 100 + 37).boxed().toList());
        assertThat(result.failureDetails()).extracting(RowFailure::oldPk).contains("1037", "5937");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(4950L);
    }

    @Test
    void aRestoreInACallersTransactionThatRollsBackLeavesNothing() throws Exception {
        Path file = write(STANDARD);
        String before = snapshot();
        CompletableFuture<Object> run = db.adapter().transaction(tx -> Backups.restore(tx, SCHEMA, file, "u1", RestoreMode.SKIP, false)
                .thenApply(result -> {
                    assertThat(result.totalInserted()).isEqualTo(7);
                    throw new IllegalStateException("caller changes its mind");
                }));
        assertThatThrownBy(run::join).isInstanceOf(CompletionException.class).hasMessageContaining("caller changes its mind");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void pythonStringValuesForDatesUuidsAndDecimalsAreCast() throws Exception {
        db.sql("CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), slug text NOT NULL, user_id text NOT NULL,"
                + " day date, at timestamp, ref uuid, amount numeric(8,3), ratio double precision, on_flag boolean)");
        Path file = write("{\"metadata\": " + METADATA + ", \"events\": [{\"id\": \"6f1c4f3e-0000-4000-8000-000000000001\","
                + " \"slug\": \"e\", \"user_id\": \"src\", \"day\": \"2026-02-28\", \"at\": \"2026-11-24T12:00:00.123456\","
                + " \"ref\": \"6F1C4F3E-0000-4000-8000-0000000000FF\", \"amount\": \"12.345\", \"ratio\": \"0.25\", \"on_flag\": true}]}");
        BackupSchema schema = BackupSchema.of(TableDef.of("events"));

        RestoreResult result = join(Backups.restore(db.adapter(), schema, file, "u1", RestoreMode.SKIP, false));

        assertThat(result.tables().get("events").inserted()).isEqualTo(1);
        assertThat(db.query("SELECT day::text, at::text, ref::text, amount::text, ratio, on_flag FROM events").toString())
                .isEqualTo("[{day=2026-02-28, at=2026-11-24 12:00:00.123456, ref=6f1c4f3e-0000-4000-8000-0000000000ff,"
                        + " amount=12.345, ratio=0.25, on_flag=true}]");
        assertThat(db.scalar("SELECT id::text FROM events")).isNotEqualTo("6f1c4f3e-0000-4000-8000-000000000001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zoë's \"quoted\" café", "back\\slash \\N", "tab\there\nnewline", "日本語 🎉", "a,b;c|d", "NULL", ""})
    void awkwardTextSurvivesARestoreExactly(String text) throws Exception {
        String json = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
        Path file = write(file("[{\"id\": 1, \"slug\": " + json + ", \"name\": " + json + ", \"user_id\": \"src\"}]", "[]", "[]"));
        restore(file, "u1", RestoreMode.SKIP);
        assertThat(db.query("SELECT slug, name FROM categories")).containsExactly(Map.of("slug", text, "name", text));
        assertThat(restore(file, "u1", RestoreMode.SKIP).tables().get("categories")).as("matched by its slug")
                .isEqualTo(counts(0, 0, 1, 0));
    }

    @Test
    void emptyTablesInTheFileRestoreNothing() throws Exception {
        db.sql("INSERT INTO categories (slug, user_id) VALUES ('keep', 'u1')");
        String before = snapshot();
        RestoreResult result = restore(write(file("[]", "[]", "[]")), "u1", RestoreMode.OVERWRITE);
        assertThat(result.tables()).containsExactly(Map.entry("categories", counts(0, 0, 0, 0)),
                Map.entry("products", counts(0, 0, 0, 0)), Map.entry("reviews", counts(0, 0, 0, 0)));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void validationWarningsAreCarriedIntoTheResult() throws Exception {
        Path file = write(STANDARD.replace("\"backup_type\": \"full\", ", ""));
        assertThat(restore(file, "u1", RestoreMode.SKIP).warnings()).contains("Metadata field 'backup_type' is missing");
    }

    @Test
    void aBlankTargetUserIsRejectedBeforeAnythingRuns() throws Exception {
        Path file = write(STANDARD);
        assertThatThrownBy(() -> Backups.restore(db.adapter(), SCHEMA, file, "", RestoreMode.SKIP, false))
                .isInstanceOf(BackupException.class).hasMessageContaining("No user id");
        assertThat(db.scalar("SELECT count(*) FROM categories")).isEqualTo(0L);
    }

    @Test
    void aTableInTheFileButNotInTheSchemaIsIgnored() throws Exception {
        Path file = write(STANDARD.replace("\"reviews\":", "\"tags\": [{\"id\": 1}], \"reviews\":"));
        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);
        assertThat(result.tables().keySet()).containsExactly("categories", "products", "reviews");
        assertThat(result.warnings()).contains("Key 'tags' is not a table of the backup schema; it is ignored");
        assertThat(result.totalInserted()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource({"skip,SKIP", "Overwrite,OVERWRITE", "' fail ',FAIL"})
    void restoreModesParseInAnyCase(String text, RestoreMode mode) {
        assertThat(RestoreMode.parse(text)).isEqualTo(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"merge", "", "skip-all"})
    void unknownRestoreModesAreRejected(String text) {
        assertThatThrownBy(() -> RestoreMode.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown restore mode '" + text + "'");
    }
}
