package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table that no other row points at and that holds none of the restoring user's rows takes its rows
 * from the file in one COPY straight into it, with parents and references remapped on the client.
 * Every case runs twice, once that way and once with every row staged and inserted set-based, and
 * must end the same: the same counts, failures, orphans and errors, the same rows (compared through
 * their parents' slugs, so fresh keys handed out in another order do not differ). Where the database
 * rejects a row, the COPY is rolled back and the table restored the set-based way.
 */
class DirectCopyRestoreTest extends ShopRestoreTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    /** Categories and products only: products are the table nothing points at. */
    static final BackupSchema TWO_LEVELS = BackupSchema.of(TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"));

    static final String CATEGORIES = "[{\"id\": 1, \"slug\": \"tools\", \"name\": \"Tools\", \"user_id\": \"src\"},"
            + " {\"id\": 2, \"slug\": \"garden\", \"name\": \"Garden\", \"user_id\": \"src\"}]";

    /** How a case restores. */
    enum Run {
        SKIP(RestoreMode.SKIP, false, false),
        OVERWRITE(RestoreMode.OVERWRITE, false, false),
        FAIL(RestoreMode.FAIL, false, false),
        DRY_SKIP(RestoreMode.SKIP, true, false),
        PRESERVE_IDS(RestoreMode.SKIP, false, true);

        final RestoreMode mode;
        final boolean dryRun;
        final boolean preserveIds;

        Run(RestoreMode mode, boolean dryRun, boolean preserveIds) {
            this.mode = mode;
            this.dryRun = dryRun;
            this.preserveIds = preserveIds;
        }
    }

    /**
     * What a restore did: its result or error, the rows it left, the tables planned to go straight in
     * with how often their rows were read again, and those staged whole after all (the COPY straight
     * in failed, or was not tried).
     */
    record Outcome(String result, String rows, Map<String, Integer> readAgain, Map<String, Integer> stagedAfterAll) {
    }

    @Override
    PgDatabaseExtension database() {
        return db;
    }

    static String twoLevels(String categories, String products) {
        return "{\"metadata\": " + RestoreBehaviourTest.METADATA + ", \"categories\": " + categories + ", \"products\": "
                + products + "}";
    }

    static String product(int id, String slug, String price, int category) {
        return "{\"id\": " + id + ", \"slug\": \"" + slug + "\", \"name\": \"" + slug + "!\", \"price\": " + price
                + ", \"category_id\": " + category + ", \"user_id\": \"src\"}";
    }

    /** Runs {@code setup} on fresh tables, then restores {@code file} as {@code u1}, straight in or not. */
    Outcome restore(SqlSetup setup, BackupSchema schema, Path file, Run run, boolean direct) throws Exception {
        db.sql(ShopSchema.TABLES);
        db.sql("ALTER TABLE products ADD COLUMN note text DEFAULT 'none'");
        setup.run();
        Map<String, Integer> readAgain = new TreeMap<>();
        Map<String, Integer> stagedAfterAll = new TreeMap<>();
        RowSource rows = rows(schema, file, direct, readAgain, stagedAfterAll, null);
        RestoreEngine engine = new RestoreEngine(schema, "u1", run.mode, run.dryRun, run.preserveIds, false);
        String result = runEngine(engine, rows, run.dryRun);
        return new Outcome(result, rows(), readAgain, stagedAfterAll);
    }

    /**
     * The rows of {@code file}, copied straight into tables where a restore would when {@code direct};
     * the maps hear the tables read again and those staged after all; {@code onRow}, when given, runs
     * before each row read again.
     */
    static RowSource rows(BackupSchema schema, Path file, boolean direct, Map<String, Integer> readAgain,
            Map<String, Integer> stagedAfterAll, Runnable onRow) {
        return new ForwardingRowSource(FileStaging.of(file, schema, BackupProgress.NONE)) {
            @Override
            public boolean copiesIntoTables() {
                return direct;
            }

            @Override
            public void readRows(TablePlan plan, RowVisitor visitor) throws SQLException {
                if (plan.direct()) {
                    readAgain.merge(plan.name(), 1, Integer::sum);
                }
                super.readRows(plan, (index, values) -> {
                    if (onRow != null) {
                        onRow.run();
                    }
                    visitor.row(index, values);
                });
            }

            @Override
            public void stageRows(Connection connection, TablePlan plan, BitSet rows) throws SQLException {
                if (plan.direct()) {
                    stagedAfterAll.merge(plan.name(), rows.cardinality(), Integer::sum);
                }
                super.stageRows(connection, plan, rows);
            }
        };
    }

    /** Every row with its parent's and reference's slugs instead of keys. */
    static String rows() {
        return db.query("SELECT user_id, slug, name FROM categories ORDER BY 1, 2").toString()
                + db.query("SELECT p.user_id, c.slug AS category, p.slug, p.name, p.price, p.note FROM products p"
                        + " JOIN categories c ON c.id = p.category_id ORDER BY 1, 2, 3")
                + db.query("SELECT r.user_id, p.slug AS product, r.slug, r.body, f.slug AS featured FROM reviews r"
                        + " JOIN products p ON p.id = r.product_id LEFT JOIN categories f ON f.id = r.featured_category_id"
                        + " ORDER BY 1, 2, 3");
    }

    /** Restores both ways and returns the straight-in outcome after checking it equals the other. */
    Outcome bothWays(SqlSetup setup, BackupSchema schema, Path file, Run run) throws Exception {
        Outcome staged = restore(setup, schema, file, run, false);
        Outcome direct = restore(setup, schema, file, run, true);
        // a COPY that failed used up keys of the sequence: a failing row's fresh key may differ
        assertThat(withoutFreshKeys(direct.result())).isEqualTo(withoutFreshKeys(staged.result()));
        assertThat(direct.rows()).isEqualTo(staged.rows());
        assertThat(staged.readAgain()).isEmpty();
        return direct;
    }

    static String withoutFreshKeys(String result) {
        return result.replaceAll("Failing row contains \\(\\d+,", "Failing row contains (?,");
    }

    /** Returns the key sets of the three tables. */
    static String keys() {
        return db.query("SELECT (SELECT array_agg(id ORDER BY id) FROM categories) AS c,"
                + " (SELECT array_agg(id ORDER BY id) FROM products) AS p,"
                + " (SELECT array_agg(id ORDER BY id) FROM reviews) AS r").toString();
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void intoEmptyTablesTheLeafTableGoesStraightIn(Run run) throws Exception {
        Outcome outcome = bothWays(() -> { }, ShopSchema.THREE_LEVELS, write(RestoreBehaviourTest.STANDARD), run);
        assertThat(outcome.result()).doesNotStartWith("error").contains("inserted=2");
        assertThat(outcome.stagedAfterAll()).isEmpty();
        // reviews point at products, which point at categories: only reviews go straight in, and never in a dry run
        assertThat(outcome.readAgain()).isEqualTo(run.dryRun ? Map.of() : Map.of("reviews", 1));
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void productsGoStraightInUnderTheirRemappedCategories(Run run) throws Exception {
        Path file = write(twoLevels(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + ", " + product(11, "saw", "19.5", 1)
                + ", " + product(12, "rake", "5", 2) + "]"));
        Outcome outcome = bothWays(() -> { }, TWO_LEVELS, file, run);
        assertThat(outcome.readAgain()).isEqualTo(run.dryRun ? Map.of() : Map.of("products", 1));
        assertThat(outcome.stagedAfterAll()).isEmpty();
        if (!run.dryRun) {
            assertThat(db.scalar("SELECT string_agg(p.slug || '>' || c.slug || ':' || p.note, ',' ORDER BY p.slug)"
                    + " FROM products p JOIN categories c ON c.id = p.category_id AND c.user_id = p.user_id WHERE p.user_id = 'u1'"))
                    .isEqualTo("hammer>tools:none,rake>garden:none,saw>tools:none");
        }
        if (run.preserveIds) {
            assertThat(keys()).contains("p=[10, 11, 12]");
            assertThat(db.scalar("SELECT nextval('products_id_seq')")).isEqualTo(501L);
        } else if (!run.dryRun) {
            assertThat(keys()).contains("p=[501, 502, 503]");
        }
    }

    @Test
    void anEmptyTableIsNotReadAgainAndReportsItsProgressOnce() throws Exception {
        Path file = write(twoLevels(CATEGORIES, "[]"));
        Outcome outcome = bothWays(() -> { }, TWO_LEVELS, file, Run.SKIP);
        assertThat(outcome.readAgain()).isEmpty();
        assertThat(outcome.result()).contains("products=TableRestoreResult[inserted=0, updated=0, skipped=0, orphaned=0, failed=0");
        List<String> updates = new java.util.ArrayList<>();
        db.sql(ShopSchema.TABLES);
        Backups.restore(db.adapter(), TWO_LEVELS, file, "u1",
                RestoreOptions.DEFAULTS.withProgress((table, done, total) -> updates.add(table + " " + done + "/" + total))).join();
        assertThat(updates).containsExactly("categories 0/-1", "categories 2/2", "products 0/0");
    }

    @Test
    void otherUsersRowsWithTheSameSlugsDoNotStopTheCopy() throws Exception {
        Path file = write(twoLevels(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + "]"));
        Outcome outcome = bothWays(() -> Backups.restore(db.adapter(), TWO_LEVELS, file, "u2", RestoreMode.SKIP, false).join(),
                TWO_LEVELS, file, Run.SKIP);
        assertThat(outcome.readAgain()).containsEntry("products", 1);
        assertThat(outcome.stagedAfterAll()).isEmpty();
        assertThat(outcome.rows()).contains("user_id=u2, category=tools, slug=hammer").contains("user_id=u1, category=tools, slug=hammer");
    }

    @ParameterizedTest
    @EnumSource(value = Run.class, names = {"SKIP", "OVERWRITE", "PRESERVE_IDS"})
    void productsGoStraightInUnderCategoriesTheUserAlreadyHad(Run run) throws Exception {
        Path categoriesOnly = write(twoLevels(CATEGORIES, "[]"));
        Path file = write(twoLevels(CATEGORIES.replace("Garden", "Garden!"), "[" + product(10, "hammer", "9.99", 1) + ", "
                + product(12, "rake", "5", 2) + "]"));
        Outcome outcome = bothWays(() -> Backups.restore(db.adapter(), TWO_LEVELS, categoriesOnly, "u1", RestoreMode.SKIP, false)
                .join(), TWO_LEVELS, file, run);
        assertThat(outcome.readAgain()).containsEntry("products", 1);
        assertThat(outcome.stagedAfterAll()).isEmpty();
        assertThat(outcome.rows()).contains("category=garden, slug=rake").contains("category=tools, slug=hammer");
        assertThat(outcome.result()).contains(run.mode == RestoreMode.OVERWRITE ? "updated=2" : "skipped=2");
    }

    @ParameterizedTest
    @EnumSource(value = Run.class, names = {"SKIP", "FAIL", "PRESERVE_IDS"})
    void orphansAreLeftOutAndListedAsTheSetBasedPathListsThem(Run run) throws Exception {
        Path file = write(twoLevels(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + ", " + product(11, "lost", "1", 99)
                + ", {\"id\": 12, \"slug\": \"nowhere\", \"category_id\": null, \"user_id\": \"src\"}, " + product(13, "rake", "5", 2) + "]"));
        Outcome outcome = bothWays(() -> { }, TWO_LEVELS, file, run);
        assertThat(outcome.result()).contains("orphaned=2").contains("category_id=99").contains("category_id=null");
        assertThat(outcome.stagedAfterAll()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Run.class, names = {"SKIP", "OVERWRITE", "FAIL", "PRESERVE_IDS"})
    void aRowTheDatabaseRejectsRollsTheCopyBackAndTheRowsAreStagedAfterAll(Run run) throws Exception {
        // a negative price breaks a check, a second 'saw' under tools the unique key, 'x' is no number
        Path file = write(twoLevels(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + ", " + product(11, "saw", "-5", 1)
                + ", " + product(12, "rake", "5", 2) + ", " + product(13, "saw", "7", 1) + ", " + product(14, "saw", "8", 1)
                + ", " + product(15, "hoe", "\"x\"", 2) + "]"));
        Outcome outcome = bothWays(() -> { }, TWO_LEVELS, file, run);
        assertThat(outcome.stagedAfterAll()).containsEntry("products", 6);
        if (run.mode == RestoreMode.FAIL) {
            assertThat(outcome.result()).startsWith("error");
        } else {
            assertThat(outcome.result()).contains("inserted=3").contains("failed=3");
        }
    }

    @Test
    void aReviewBodyTheCheckRejectsAndAnOrphanedReviewEndAsWhenStaged() throws Exception {
        Outcome outcome = bothWays(() -> { }, ShopSchema.THREE_LEVELS, write(KeysFirstRestoreTest.MIXED), Run.SKIP);
        assertThat(outcome.stagedAfterAll()).containsEntry("reviews", 5);
        assertThat(outcome.result()).contains("failed=1");
        // the two products that fail to insert are failures, not orphans: only 'lost' lacks its category
        assertThat(outcome.result()).contains("orphaned=1, failed=2").containsOnlyOnce("was not restored to 'categories'")
                .contains("category_id=99");
    }

    @Test
    void referencesToRowsNotInTheFileAreLeftEmptyWithoutFallingBack() throws Exception {
        String reviews = "[{\"id\": 100, \"slug\": \"r1\", \"body\": \"Great\", \"product_id\": 10, \"featured_category_id\": 2, \"user_id\": \"src\"},"
                + " {\"id\": 101, \"slug\": \"r2\", \"body\": \"Meh\", \"product_id\": 10, \"featured_category_id\": 77, \"user_id\": \"src\"},"
                + " {\"id\": 102, \"slug\": \"r3\", \"body\": \"Lost\", \"product_id\": 55, \"featured_category_id\": 1, \"user_id\": \"src\"}]";
        Path file = write(RestoreBehaviourTest.file(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + "]", reviews));
        Outcome outcome = bothWays(() -> { }, ShopSchema.THREE_LEVELS, file, Run.SKIP);
        assertThat(outcome.stagedAfterAll()).isEmpty();
        assertThat(outcome.readAgain()).containsEntry("reviews", 1);
        assertThat(outcome.result()).contains("orphaned=1").contains("product_id=55");
        assertThat(outcome.rows()).contains("slug=r1, body=Great, featured=garden").contains("slug=r2, body=Meh, featured=null");
    }

    @Test
    void rowsATriggerSkipsAreNotCountedAsInserted() throws Exception {
        Path file = write(twoLevels(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + ", " + product(11, "skip", "1", 1)
                + ", " + product(12, "rake", "5", 2) + "]"));
        Outcome outcome = bothWays(() -> db.sql("""
                CREATE OR REPLACE FUNCTION skip_some() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN IF NEW.slug = 'skip' THEN RETURN NULL; END IF; NEW.note := 'checked'; RETURN NEW; END $$;
                CREATE TRIGGER skip_some BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION skip_some()"""),
                TWO_LEVELS, file, Run.SKIP);
        db.sql("DROP FUNCTION skip_some() CASCADE");
        assertThat(outcome.readAgain()).containsEntry("products", 1);
        assertThat(outcome.result()).contains("inserted=2");
        assertThat(outcome.rows()).doesNotContain("slug=skip").contains("slug=rake, name=rake!, price=5.00, note=checked");
    }

    @Test
    void valuesWithTabsNewlinesBackslashesAndNullsArriveAsTheyWere() throws Exception {
        String odd = "{\"id\": 10, \"slug\": \"odd\", \"name\": \"a\\tb\\nc\\\\d\\r \\\\N é\", \"price\": null, \"note\": null,"
                + " \"category_id\": 1, \"user_id\": \"src\"}";
        Path file = write(twoLevels(CATEGORIES, "[" + odd + ", " + product(11, "plain", "1", 2) + "]"));
        Outcome outcome = bothWays(() -> { }, TWO_LEVELS, file, Run.SKIP);
        assertThat(outcome.stagedAfterAll()).isEmpty();
        assertThat(db.scalar("SELECT name FROM products WHERE slug = 'odd'")).isEqualTo("a\tb\nc\\d\r \\N é");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE slug = 'odd' AND price IS NULL AND note IS NULL")).isEqualTo(1L);
    }

    @Test
    void aGzippedFileGoesStraightInToo() throws Exception {
        Path file = dir.resolve("shop.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(RestoreBehaviourTest.STANDARD.getBytes(StandardCharsets.UTF_8));
        }
        Outcome outcome = bothWays(() -> { }, ShopSchema.THREE_LEVELS, file, Run.OVERWRITE);
        assertThat(outcome.readAgain()).containsEntry("reviews", 1);
        assertThat(outcome.rows()).contains("slug=r1, body=Great, featured=garden");
    }

    @Test
    void aParentWithMoreKeysThanTheClientMapsIsStagedInstead() throws Exception {
        StringBuilder categories = new StringBuilder("[");
        for (int i = 1; i <= 200_001; i++) {
            categories.append(i > 1 ? ", " : "").append("{\"id\": ").append(i).append(", \"slug\": \"c").append(i)
                    .append("\", \"user_id\": \"src\"}");
        }
        Path file = write(twoLevels(categories.append("]").toString(), "[" + product(10, "hammer", "9.99", 200_001) + "]"));
        Outcome outcome = restore(() -> { }, TWO_LEVELS, file, Run.SKIP, true);
        assertThat(outcome.result()).contains("inserted=200001").contains("inserted=1");
        assertThat(outcome.readAgain()).containsEntry("products", 1);
        assertThat(outcome.stagedAfterAll()).containsEntry("products", 1);
        assertThat(db.scalar("SELECT c.slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.slug = 'hammer'"))
                .isEqualTo("c200001");
    }

    @Test
    void aTableWithRowLevelSecurityWhichRefusesCopyIsStagedAfterAll() throws Exception {
        String role = "dbat_rls_" + Long.toString(System.nanoTime() & 0xffffff, 36);
        Path file = write(twoLevels(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + ", " + product(11, "rake", "5", 2) + "]"));
        db.sql(ShopSchema.TABLES);
        db.sql("ALTER TABLE products ADD COLUMN note text DEFAULT 'none'");
        db.sql("CREATE ROLE " + role + " LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role
                + "; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role
                + "; ALTER TABLE products ENABLE ROW LEVEL SECURITY;"
                + " CREATE POLICY own ON products USING (user_id = 'u1') WITH CHECK (user_id = 'u1')");
        Map<String, Integer> stagedAfterAll = new TreeMap<>();
        try {
            RestoreEngine engine = new RestoreEngine(TWO_LEVELS, "u1", RestoreMode.SKIP, false, false, false);
            var url = dev.dbadapter.adapter.postgres.PostgresUrl.parse(db.url());
            try (Connection connection = java.sql.DriverManager.getConnection(url.jdbcUrl(), role, null)) {
                connection.setAutoCommit(false);
                RestoreResult result = engine.run(connection,
                        rows(TWO_LEVELS, file, true, new TreeMap<>(), stagedAfterAll, null));
                connection.commit();
                assertThat(result.tables().get("products").inserted()).isEqualTo(2);
            }
        } finally {
            db.sql("DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
        // COPY FROM refuses a table with row-level security for a role the policies apply to
        assertThat(stagedAfterAll).containsEntry("products", 2);
        assertThat(db.scalar("SELECT string_agg(slug, ',' ORDER BY slug) FROM products WHERE user_id = 'u1'")).isEqualTo("hammer,rake");
    }

    @Test
    void aConnectionLostDuringTheCopyFailsTheRestoreInsteadOfStagingAfterAll() throws Exception {
        db.sql(ShopSchema.TABLES);
        Path file = write(twoLevels(CATEGORIES, "[" + product(10, "hammer", "9.99", 1) + ", " + product(11, "saw", "19.5", 1) + "]"));
        Map<String, Integer> stagedAfterAll = new TreeMap<>();
        AtomicBoolean ended = new AtomicBoolean();
        String application = "direct-copy-lost";
        RowSource rows = rows(TWO_LEVELS, file, true, new TreeMap<>(), stagedAfterAll, () -> {
            if (ended.compareAndSet(false, true)) {
                db.terminateSessions(application);
            }
        });
        RestoreEngine engine = new RestoreEngine(TWO_LEVELS, "u1", RestoreMode.SKIP, false, false, false);
        try (Connection connection = db.connection()) {
            try (var statement = connection.createStatement()) {
                statement.execute("SET application_name = '" + application + "'");
            }
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> engine.run(connection, rows)).isInstanceOf(SQLException.class);
        }
        assertThat(stagedAfterAll).isEmpty();
        assertThat(db.scalar("SELECT count(*) FROM categories")).isEqualTo(0L);
    }
}
