package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.backup.internal.FileStaging;
import dev.dbadapter.backup.internal.RestoreEngine;
import dev.dbadapter.backup.internal.RowSource;
import dev.dbadapter.backup.internal.TablePlan;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A restore of a file into tables that already hold the user's rows stages only the rows' keys first,
 * and the full rows only of those it writes. Every case runs twice, once that way and once with every
 * row staged whole up front, and must end the same: the same counts, failures and errors, the same
 * rows (compared through their slugs, so fresh keys handed out in another order do not differ), the
 * same keys in use.
 */
class KeysFirstRestoreTest extends ShopRestoreTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = ShopSchema.THREE_LEVELS;

    /** Two categories, three products, two reviews. */
    static final String BASE = RestoreBehaviourTest.STANDARD;

    /**
     * The base rows with changed values, and new ones: a category with a product and a review, a
     * product under an existing category, a review of an existing product pointing at the new
     * category; a new product and an existing one that break the price check, a new review that
     * breaks the body check, and a product whose category is not in the file.
     */
    static final String MIXED = RestoreBehaviourTest.file(
            "[{\"id\": 1, \"slug\": \"tools\", \"name\": \"Tools!\", \"user_id\": \"src\"},"
                    + " {\"id\": 2, \"slug\": \"garden\", \"name\": \"Garden\", \"user_id\": \"src\"},"
                    + " {\"id\": 3, \"slug\": \"kitchen\", \"name\": \"Kitchen\", \"user_id\": \"src\"}]",
            "[{\"id\": 10, \"slug\": \"hammer\", \"name\": \"Hammer\", \"price\": 8, \"category_id\": 1, \"user_id\": \"src\"},"
                    + " {\"id\": 11, \"slug\": \"saw\", \"name\": \"Saw\", \"price\": -5, \"category_id\": 1, \"user_id\": \"src\"},"
                    + " {\"id\": 12, \"slug\": \"rake\", \"name\": \"Rake\", \"price\": 5, \"category_id\": 2, \"user_id\": \"src\"},"
                    + " {\"id\": 13, \"slug\": \"drill\", \"name\": \"Drill\", \"price\": 50, \"category_id\": 1, \"user_id\": \"src\"},"
                    + " {\"id\": 14, \"slug\": \"pan\", \"name\": \"Pan\", \"price\": 20, \"category_id\": 3, \"user_id\": \"src\"},"
                    + " {\"id\": 15, \"slug\": \"bad\", \"name\": \"Bad\", \"price\": -1, \"category_id\": 3, \"user_id\": \"src\"},"
                    + " {\"id\": 16, \"slug\": \"lost\", \"name\": \"Lost\", \"price\": 1, \"category_id\": 99, \"user_id\": \"src\"}]",
            "[{\"id\": 100, \"slug\": \"r1\", \"body\": \"Great!\", \"product_id\": 10, \"featured_category_id\": 2, \"user_id\": \"src\"},"
                    + " {\"id\": 101, \"slug\": \"r2\", \"body\": \"Meh\", \"product_id\": 12, \"featured_category_id\": null, \"user_id\": \"src\"},"
                    + " {\"id\": 102, \"slug\": \"r3\", \"body\": \"Nice\", \"product_id\": 10, \"featured_category_id\": 3, \"user_id\": \"src\"},"
                    + " {\"id\": 103, \"slug\": \"r4\", \"body\": \"Shiny\", \"product_id\": 14, \"featured_category_id\": 1, \"user_id\": \"src\"},"
                    + " {\"id\": 104, \"slug\": \"r5\", \"body\": \"forbidden\", \"product_id\": 13, \"featured_category_id\": null, \"user_id\": \"src\"}]");

    /** How a case restores. */
    enum Run {
        SKIP(RestoreMode.SKIP, false, false, false),
        OVERWRITE(RestoreMode.OVERWRITE, false, false, false),
        OVERWRITE_CHANGED_ONLY(RestoreMode.OVERWRITE, false, false, true),
        FAIL(RestoreMode.FAIL, false, false, false),
        DRY_SKIP(RestoreMode.SKIP, true, false, false),
        DRY_OVERWRITE(RestoreMode.OVERWRITE, true, false, false),
        PRESERVE_IDS(RestoreMode.SKIP, false, true, false),
        PRESERVE_IDS_OVERWRITE(RestoreMode.OVERWRITE, false, true, false);

        final RestoreMode mode;
        final boolean dryRun;
        final boolean preserveIds;
        final boolean changedOnly;

        Run(RestoreMode mode, boolean dryRun, boolean preserveIds, boolean changedOnly) {
            this.mode = mode;
            this.dryRun = dryRun;
            this.preserveIds = preserveIds;
            this.changedOnly = changedOnly;
        }
    }

    /** What a restore did: its result or error, the rows it left, and how many full rows it staged late. */
    record Outcome(String result, String rows, Map<String, Integer> stagedLate) {
    }

    @Override
    PgDatabaseExtension database() {
        return db;
    }

    /** Gives {@code u1} the base rows and {@code u2} rows with the same slugs. */
    void baseRows() throws Exception {
        Path base = write(BASE);
        Backups.restore(db.adapter(), SCHEMA, base, "u1", RestoreMode.SKIP, false).join();
        Backups.restore(db.adapter(), SCHEMA, base, "u2", RestoreMode.SKIP, false).join();
    }

    /** Runs {@code setup} on fresh tables, then restores {@code file} as {@code u1}, keys first or not. */
    Outcome restore(SqlSetup setup, Path file, Run run, boolean keysFirst) throws Exception {
        db.sql(ShopSchema.TABLES);
        setup.run();
        Map<String, Integer> stagedLate = new LinkedHashMap<>();
        RowSource rows = rows(file, keysFirst, stagedLate);
        RestoreEngine engine = new RestoreEngine(SCHEMA, "u1", run.mode, run.dryRun, run.preserveIds, run.changedOnly);
        String result = runEngine(engine, rows, run.dryRun);
        return new Outcome(result, rows(), stagedLate);
    }

    /**
     * The rows of {@code file}: keys first as a restore reads files, or else every row whole up
     * front; {@code stagedLate} hears how many full rows each table staged late.
     */
    static RowSource rows(Path file, boolean keysFirst, Map<String, Integer> stagedLate) {
        return new ForwardingRowSource(FileStaging.of(file, SCHEMA, BackupProgress.NONE)) {
            @Override
            public boolean stagesKeysFirst() {
                return keysFirst;
            }

            @Override
            public boolean copiesIntoTables() {
                return false;
            }

            @Override
            public void stageRows(Connection connection, TablePlan plan, BitSet rows) throws SQLException {
                stagedLate.merge(plan.name(), rows.cardinality(), Integer::sum);
                super.stageRows(connection, plan, rows);
            }
        };
    }

    /** Every row with its parent's and reference's slugs instead of keys, and the keys in use apart. */
    static String rows() {
        return db.query("SELECT user_id, slug, name FROM categories ORDER BY 1, 2").toString()
                + db.query("SELECT p.user_id, c.slug AS category, p.slug, p.name, p.price FROM products p"
                        + " JOIN categories c ON c.id = p.category_id ORDER BY 1, 2, 3")
                + db.query("SELECT r.user_id, p.slug AS product, r.slug, r.body, f.slug AS featured FROM reviews r"
                        + " JOIN products p ON p.id = r.product_id LEFT JOIN categories f ON f.id = r.featured_category_id"
                        + " ORDER BY 1, 2, 3")
                + db.query("SELECT (SELECT array_agg(id ORDER BY id) FROM categories) AS c,"
                        + " (SELECT array_agg(id ORDER BY id) FROM products) AS p, (SELECT array_agg(id ORDER BY id) FROM reviews) AS r");
    }

    /** Restores both ways and returns the keys-first outcome after checking it equals the other. */
    Outcome bothWays(SqlSetup setup, Path file, Run run) throws Exception {
        Outcome whole = restore(setup, file, run, false);
        Outcome keysFirst = restore(setup, file, run, true);
        assertThat(keysFirst.result()).isEqualTo(whole.result());
        assertThat(keysFirst.rows()).isEqualTo(whole.rows());
        assertThat(whole.stagedLate()).isEmpty();
        return keysFirst;
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void aFileWithSomeNewSomeChangedAndSomeBadRowsEndsAsWhenEveryRowIsStagedWhole(Run run) throws Exception {
        Outcome outcome = bothWays(this::baseRows, write(MIXED), run);
        if (run.mode != RestoreMode.FAIL) {
            assertThat(outcome.result()).doesNotStartWith("error");
            assertThat(outcome.stagedLate()).isNotEmpty();
        } else {
            assertThat(outcome.result()).contains("already exists");
        }
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void aRerunThatWritesNothingStagesNoFullRowInSkipMode(Run run) throws Exception {
        Path file = write(BASE);
        Outcome outcome = bothWays(this::baseRows, file, run);
        if (run.mode == RestoreMode.SKIP) {
            assertThat(outcome.stagedLate()).isEmpty();
            assertThat(outcome.result()).contains("inserted=0");
        }
        if (run.mode == RestoreMode.OVERWRITE) {
            assertThat(outcome.stagedLate()).containsEntry("products", 3).containsEntry("reviews", 2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Run.class, names = {"SKIP", "OVERWRITE", "DRY_SKIP", "PRESERVE_IDS"})
    void aNewChildOfAnExistingParentIsTheOnlyFullRowStaged(Run run) throws Exception {
        Outcome outcome = bothWays(() -> {
            baseRows();
            db.sql("DELETE FROM products WHERE slug = 'saw' AND user_id = 'u1'");
        }, write(BASE), run);
        if (run.mode == RestoreMode.SKIP) {
            assertThat(outcome.stagedLate()).containsExactly(Map.entry("products", 1));
        }
    }

    @Test
    void aGzippedFileRestoresKeysFirstAsWhenStagedWhole() throws Exception {
        Path file = dir.resolve("mixed.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(MIXED.getBytes(StandardCharsets.UTF_8));
        }
        Outcome outcome = bothWays(this::baseRows, file, Run.OVERWRITE);
        assertThat(outcome.stagedLate()).containsKeys("categories", "products", "reviews");
    }

    @Test
    void aReferencedKeyTwiceInTheFileFailsAsWhenStagedWhole() throws Exception {
        Path file = write(BASE.replace("{\"id\": 2, \"slug\": \"garden\"", "{\"id\": 1, \"slug\": \"garden\""));
        Outcome outcome = bothWays(this::baseRows, file, Run.SKIP);
        assertThat(outcome.result()).contains("holds primary key 1 2 times");
    }

    @Test
    void aValueThatCannotBeReadFailsTheRestoreEvenInARowThatIsSkipped() throws Exception {
        SqlSetup setup = () -> {
            db.sql("ALTER TABLE products ADD COLUMN attrs jsonb, ADD COLUMN tags text[]");
            baseRows();
        };
        Path bad = write(BASE.replace("\"name\": \"Saw\",", "\"name\": \"Saw\", \"attrs\": {\"w\": [1, NaN]},"));
        assertThat(bothWays(setup, bad, Run.SKIP).result()).startsWith("error").contains("NaN");

        Path nested = write(BASE.replace("\"name\": \"Saw\",",
                "\"name\": \"Saw\", \"attrs\": {\"w\": [1.50, {\"x\": null}]}, \"tags\": [\"a\", \"b c\"],"));
        assertThat(bothWays(setup, nested, Run.SKIP).result()).doesNotStartWith("error");
        assertThat(bothWays(setup, nested, Run.OVERWRITE).result()).doesNotStartWith("error");
        assertThat(db.scalar("SELECT attrs::text || ' ' || tags::text FROM products WHERE slug = 'saw' AND user_id = 'u1'"))
                .isEqualTo("{\"w\": [1.50, {\"x\": null}]} {a,\"b c\"}");
    }

    @Test
    void otherUsersRowsAreUntouched() throws Exception {
        String others = "SELECT c.id, c.slug, c.name, p.id AS product, p.slug AS product_slug, p.name AS product_name,"
                + " p.price FROM categories c LEFT JOIN products p ON p.category_id = c.id WHERE c.user_id = 'u2' ORDER BY 1, 4";
        db.sql(ShopSchema.TABLES);
        baseRows();
        String before = db.query(others).toString();

        restore(this::baseRows, write(MIXED), Run.OVERWRITE, true);

        assertThat(db.query(others).toString()).isEqualTo(before);
        assertThat(db.scalar("SELECT name FROM categories WHERE user_id = 'u1' AND slug = 'tools'")).isEqualTo("Tools!");
    }
}
