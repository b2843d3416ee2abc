package dev.dbadapter.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbadapter.adapter.postgres.internal.SqlErrors;
import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final BackupSchema SCHEMA = ShopSchema.THREE_LEVELS;

    @TempDir
    Path dir;

    @BeforeEach
    void createTables() {
        db.sql("""
                DROP TABLE IF EXISTS reviews, products, categories;
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text,
                    user_id text NOT NULL, UNIQUE (user_id, slug));
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, name text,
                    price numeric(10,2) CHECK (price >= 0), category_id int NOT NULL REFERENCES categories(id),
                    user_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
                    UNIQUE (user_id, category_id, slug));
                CREATE TABLE reviews (id serial PRIMARY KEY, slug text NOT NULL, body text,
                    product_id int NOT NULL REFERENCES products(id), featured_category_id int REFERENCES categories(id),
                    user_id text NOT NULL);
                """);
    }

    /** u1: tools(hammer(r1 featuring garden), saw), garden(rake); u2's rows use other slugs. */
    void seedUser1() {
        db.sql("""
                INSERT INTO categories (id, slug, name, user_id) VALUES (1, 'tools', 'Tools', 'u1'), (2, 'garden', 'Garden', 'u1');
                INSERT INTO products (id, slug, name, price, category_id, user_id) VALUES
                    (1, 'hammer', 'Hammer', 9.99, 1, 'u1'), (2, 'saw', 'Saw', 19.50, 1, 'u1'), (3, 'rake', 'Rake', 5, 2, 'u1');
                INSERT INTO reviews (id, slug, body, product_id, featured_category_id, user_id) VALUES
                    (1, 'r1', 'Great', 1, 2, 'u1'), (2, 'r2', 'Meh', 3, NULL, 'u1');
                SELECT setval('categories_id_seq', 10); SELECT setval('products_id_seq', 10); SELECT setval('reviews_id_seq', 10);
                """);
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e, null);
        }
    }

    static Map<String, Object> readJson(Path file) throws IOException {
        return PythonJson.load(file);
    }

    Path backupUser1() {
        Path file = dir.resolve("u1.json");
        join(Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null));
        return file;
    }

    RestoreResult restore(Path file, String user, RestoreMode mode) {
        return join(Backups.restore(db.adapter(), SCHEMA, file, user, mode, false));
    }

    String snapshot() {
        return db.query("SELECT 'c' t, id, slug, name, user_id, NULL::numeric price, NULL::int parent, NULL::int ref FROM categories"
                + " UNION ALL SELECT 'p', id, slug, name, user_id, price, category_id, NULL FROM products"
                + " UNION ALL SELECT 'r', id, slug, body, user_id, NULL, product_id, featured_category_id FROM reviews"
                + " ORDER BY 1, 2").toString();
    }

    @Test
    void backupWritesThePythonLayoutWithCountsAndOnlyTheUsersRows() throws IOException {
        seedUser1();
        db.sql("INSERT INTO categories (id, slug, user_id) VALUES (5, 'other', 'u2');"
                + "INSERT INTO products (id, slug, category_id, user_id) VALUES (5, 'stray', 5, 'u1')");
        Path file = dir.resolve("u1.json");
        BackupResult result = join(Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null));

        assertThat(result.path()).isEqualTo(file);
        assertThat(result.tableCounts()).containsExactly(Map.entry("categories", 2L), Map.entry("products", 3L),
                Map.entry("reviews", 2L));
        Map<String, Object> json = readJson(file);
        assertThat(json.keySet()).containsExactly("metadata", "categories", "products", "reviews");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) json.get("metadata");
        assertThat(metadata).containsEntry("user_id", "u1").containsEntry("backup_type", "full")
                .containsEntry("version", "1.1").containsEntry("categories_count", 2)
                .containsEntry("products_count", 3).containsEntry("reviews_count", 2).containsKey("created_at");
        List<?> products = (List<?>) json.get("products");
        assertThat(products).extracting(row -> (Object) ((Map<?, ?>) row).get("slug")).containsExactlyInAnyOrder("hammer", "saw", "rake");
        assertThat(((Map<?, ?>) products.getFirst()).get("price")).isInstanceOf(String.class);
        assertThat(((Map<?, ?>) products.getFirst()).get("id")).isInstanceOf(Integer.class);
        assertThat(result.toString()).contains("u1.json");
        assertThat(ValueCodec.JSON.writeValueAsString(result)).contains("\"path\":\"" + file.toString().replace("\\", "\\\\"));
    }

    @Test
    void restoreGivesFreshIdsBesideAnotherUsersRowsWithTheSameIds() {
        seedUser1();
        Path file = backupUser1();
        db.sql("TRUNCATE reviews, products, categories RESTART IDENTITY");
        db.sql("""
                INSERT INTO categories (id, slug, name, user_id) VALUES (1, 'tools', 'U2 tools', 'u2'), (2, 'x', 'X', 'u2');
                INSERT INTO products (id, slug, name, price, category_id, user_id) VALUES (1, 'hammer', 'U2 hammer', 1, 2, 'u2'),
                    (2, 'p2', 'P2', 2, 1, 'u2'), (3, 'p3', 'P3', 3, 1, 'u2');
                INSERT INTO reviews (id, slug, body, product_id, featured_category_id, user_id) VALUES (1, 'r1', 'U2', 2, 1, 'u2'),
                    (2, 'r2', 'U2b', 3, NULL, 'u2');
                SELECT setval('categories_id_seq', 2); SELECT setval('products_id_seq', 3); SELECT setval('reviews_id_seq', 2);
                """);
        String otherUserBefore = db.query("SELECT * FROM categories c WHERE user_id = 'u2' ORDER BY id").toString()
                + db.query("SELECT * FROM products WHERE user_id = 'u2' ORDER BY id")
                + db.query("SELECT * FROM reviews WHERE user_id = 'u2' ORDER BY id");

        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);

        assertThat(result.tables().get("categories").inserted()).isEqualTo(2);
        assertThat(result.tables().get("products").inserted()).isEqualTo(3);
        assertThat(result.tables().get("reviews").inserted()).isEqualTo(2);
        assertThat(result.totalFailed()).isZero();
        assertThat(db.scalar("SELECT count(*) FROM categories WHERE user_id = 'u1' AND id > 2")).isEqualTo(2L);
        assertThat(db.query("""
                SELECT p.slug, c.slug AS category FROM products p JOIN categories c ON c.id = p.category_id
                WHERE p.user_id = 'u1' ORDER BY p.slug""")).containsExactly(
                Map.of("slug", "hammer", "category", "tools"), Map.of("slug", "rake", "category", "garden"),
                Map.of("slug", "saw", "category", "tools"));
        assertThat(db.query("""
                SELECT r.slug, p.slug AS product, p.user_id AS owner, c.slug AS featured FROM reviews r
                JOIN products p ON p.id = r.product_id LEFT JOIN categories c ON c.id = r.featured_category_id
                WHERE r.user_id = 'u1' ORDER BY r.slug""").toString())
                .isEqualTo("[{slug=r1, product=hammer, owner=u1, featured=garden}, {slug=r2, product=rake, owner=u1, featured=null}]");
        assertThat(db.scalar("SELECT count(*) FROM categories c JOIN products p ON p.category_id = c.id WHERE c.user_id <> p.user_id"))
                .isEqualTo(0L);
        String otherUserAfter = db.query("SELECT * FROM categories c WHERE user_id = 'u2' ORDER BY id").toString()
                + db.query("SELECT * FROM products WHERE user_id = 'u2' ORDER BY id")
                + db.query("SELECT * FROM reviews WHERE user_id = 'u2' ORDER BY id");
        assertThat(otherUserAfter).isEqualTo(otherUserBefore);
    }

    @Test
    void restoreAsAnotherUserSetsTheUserField() {
        seedUser1();
        Path file = backupUser1();
        restore(file, "u3", RestoreMode.SKIP);
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id = 'u3'")).isEqualTo(3L);
        assertThat(db.scalar("SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id"
                + " WHERE p.user_id = 'u3' AND c.user_id = 'u3'")).isEqualTo(3L);
    }

    @Test
    void skipModeKeepsExistingRowsAndInsertsMissingOnes() {
        seedUser1();
        Path file = backupUser1();
        db.sql("DELETE FROM reviews WHERE slug = 'r2'; UPDATE products SET name = 'Changed' WHERE slug = 'hammer'");

        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);

        assertThat(result.tables().get("categories")).isEqualTo(new TableRestoreResult(0, 0, 2, 0, List.of()));
        assertThat(result.tables().get("products")).isEqualTo(new TableRestoreResult(0, 0, 3, 0, List.of()));
        assertThat(result.tables().get("reviews")).isEqualTo(new TableRestoreResult(1, 0, 1, 0, List.of()));
        assertThat(db.scalar("SELECT name FROM products WHERE slug = 'hammer'")).isEqualTo("Changed");
        assertThat(db.scalar("SELECT p.slug FROM reviews r JOIN products p ON p.id = r.product_id WHERE r.slug = 'r2'"))
                .isEqualTo("rake");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);
    }

    @Test
    void overwriteModeUpdatesExistingRows() {
        seedUser1();
        Path file = backupUser1();
        db.sql("UPDATE products SET name = 'Changed', price = 1 WHERE slug = 'hammer'");

        RestoreResult result = restore(file, "u1", RestoreMode.OVERWRITE);

        assertThat(result.tables().get("products")).isEqualTo(new TableRestoreResult(0, 3, 0, 0, List.of()));
        assertThat(db.query("SELECT name, price FROM products WHERE slug = 'hammer'"))
                .containsExactly(Map.of("name", "Hammer", "price", new BigDecimal("9.99")));
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);
    }

    @Test
    void failModeAbortsAndLeavesTheDatabaseExactlyAsBefore() {
        seedUser1();
        Path file = backupUser1();
        db.sql("DELETE FROM reviews; DELETE FROM products WHERE slug <> 'saw'");
        String before = snapshot();

        assertThatThrownBy(() -> restore(file, "u1", RestoreMode.FAIL))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("mode fail").hasMessageContaining("already exists");

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void dryRunReportsTheCountsAndLeavesTheDatabaseExactlyAsBefore() {
        seedUser1();
        Path file = backupUser1();
        db.sql("DELETE FROM reviews; DELETE FROM products WHERE slug = 'saw'");
        String before = snapshot();
        Object sequenceBefore = db.scalar("SELECT last_value FROM products_id_seq");

        RestoreResult result = join(Backups.restore(db.adapter(), SCHEMA, file, "u1", RestoreMode.OVERWRITE, true));

        assertThat(result.dryRun()).isTrue();
        assertThat(result.tables().get("products")).isEqualTo(new TableRestoreResult(1, 2, 0, 0, List.of()));
        assertThat(result.tables().get("reviews").inserted()).isEqualTo(2);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(db.scalar("SELECT last_value FROM products_id_seq")).isEqualTo(sequenceBefore);
    }

    @Test
    void aRowViolatingAConstraintIsReportedAndTheRestRestored() throws IOException {
        Path file = dir.resolve("bad-row.json");
        StringBuilder products = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            products.append(i == 1 ? "" : ",").append("{\"id\": ").append(100 + i).append(", \"slug\": \"p").append(i)
                    .append("\", \"price\": ").append(i == 17 ? "-5" : "1.5").append(", \"category_id\": 7, \"user_id\": \"x\"}");
        }
        Files.writeString(file, """
                {"metadata": {"created_at": "2026-11-24T12:00:00", "user_id": "x", "backup_type": "full", "version": "1.1"},
                 "categories": [{"id": 7, "slug": "c", "name": "C", "user_id": "x"}],
                 "products": [%s],
                 "reviews": [{"id": 1, "slug": "ok", "product_id": 101, "user_id": "x"},
                             {"id": 2, "slug": "orphan", "product_id": 117, "user_id": "x"}]}
                """.formatted(products));

        RestoreResult result = restore(file, "u1", RestoreMode.SKIP);

        TableRestoreResult productResult = result.tables().get("products");
        assertThat(productResult.inserted()).isEqualTo(39);
        assertThat(productResult.failed()).isEqualTo(1);
        assertThat(productResult.failureDetails()).singleElement().satisfies(failure -> {
            assertThat(failure.rowIndex()).isEqualTo(16);
            assertThat(failure.oldPk()).isEqualTo("117");
            assertThat(failure.error()).contains("products_price_check");
        });
        assertThat(RestoreBehaviourTest.tally(result.tables().get("reviews"))).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(39L);
        assertThat(ValueCodec.JSON.writeValueAsString(result)).contains("\"failureDetails\":[{\"rowIndex\":16,\"oldPk\":\"117\"");
    }

    @Test
    void aHandWrittenPythonFileRestores() throws IOException {
        Path file = dir.resolve("python.json");
        Files.writeString(file, """
                {
                  "metadata": {"created_at": "2026-11-24T12:00:00.123456", "user_id": "py", "backup_type": "full",
                               "version": "1.1", "categories_count": 1, "products_count": 2, "reviews_count": 1},
                  "categories": [{"id": 42, "slug": "tools", "name": "Tools", "user_id": "py"}],
                  "products": [
                    {"id": 7, "slug": "hammer", "name": "Hammer", "price": "12.30", "category_id": 42, "user_id": "py",
                     "created_at": "2026-11-24T12:00:00.5+01:00"},
                    {"id": 8, "slug": "nails", "name": null, "price": "0.05", "category_id": 42, "user_id": "py",
                     "created_at": "2026-11-24T12:00:00", "colour": "red"}
                  ],
                  "reviews": [{"id": 3, "slug": "r", "body": "Ünïcode \\t tab \\\\ backslash \\n newline", "product_id": 8,
                               "featured_category_id": 42, "user_id": "py"}]
                }
                """);

        RestoreResult result = restore(file, "u9", RestoreMode.SKIP);

        assertThat(result.totalInserted()).isEqualTo(4);
        assertThat(result.warnings()).containsExactly(
                "products: field(s) [colour] of the backup are not columns of the table and were not restored");
        assertThat(db.query("SELECT slug, price, name, created_at = '2026-11-24T11:00:00.5Z'::timestamptz AS at FROM products ORDER BY slug"))
                .containsExactly(Map.of("slug", "hammer", "price", new BigDecimal("12.30"), "name", "Hammer", "at", true),
                        new java.util.HashMap<>(Map.of("slug", "nails", "price", new BigDecimal("0.05"), "at", false)) {{
                            put("name", null);
                        }});
        assertThat(db.scalar("SELECT body FROM reviews")).isEqualTo("Ünïcode \t tab \\ backslash \n newline");
        assertThat(db.scalar("SELECT c.slug FROM reviews r JOIN categories c ON c.id = r.featured_category_id")).isEqualTo("tools");
    }

    @Test
    void preserveIdsKeepsTheBackupsKeysAndAdvancesTheSequence() {
        seedUser1();
        Path file = backupUser1();
        db.sql("TRUNCATE reviews, products, categories RESTART IDENTITY");

        join(Backups.restore(db.adapter(), SCHEMA, file, "u1", RestoreOptions.DEFAULTS.withPreserveIds(true)));

        assertThat(db.query("SELECT id, slug FROM products ORDER BY id").toString())
                .isEqualTo("[{id=1, slug=hammer}, {id=2, slug=saw}, {id=3, slug=rake}]");
        db.sql("INSERT INTO categories (slug, user_id) VALUES ('new', 'u1')");
        assertThat(db.scalar("SELECT id FROM categories WHERE slug = 'new'")).isEqualTo(3);
    }

    @Test
    void gzipRoundTrip() throws IOException {
        seedUser1();
        Path file = dir.resolve("u1.json.gz");
        join(Backups.backup(db.adapter(), SCHEMA, "u1", file, null, null));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes())).startsWith("{\"metadata\":");
        }
        assertThat(Backups.validateBackup(file, SCHEMA).valid()).isTrue();
        db.sql("TRUNCATE reviews, products, categories RESTART IDENTITY");

        assertThat(restore(file, "u1", RestoreMode.SKIP).totalInserted()).isEqualTo(7);
        assertThat(db.scalar("SELECT count(*) FROM reviews")).isEqualTo(2L);
    }

    @Test
    void tableFiltersAndExtraMetadata() throws IOException {
        seedUser1();
        Path file = dir.resolve("filtered.json");
        BackupResult result = join(Backups.backup(db.adapter(), SCHEMA, "u1", file,
                Map.of("categories", Map.of("slug", "tools")), Map.of("note", "before migration", "version", "9")));

        assertThat(result.tableCounts()).containsExactly(Map.entry("categories", 1L), Map.entry("products", 2L),
                Map.entry("reviews", 1L));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) readJson(file).get("metadata");
        assertThat(metadata).containsEntry("note", "before migration").containsEntry("version", "1.1");
        assertThatThrownBy(() -> Backups.backup(db.adapter(), SCHEMA, "u1", file, Map.of("nope", Map.of("a", 1)), null))
                .isInstanceOf(BackupException.class).hasMessageContaining("'nope'");
    }

    @Test
    void aBackupThatFailsHalfWayLeavesNoFile() throws IOException {
        seedUser1();
        db.sql("CREATE OR REPLACE VIEW exploding AS SELECT id, slug, user_id, 1 / (id - 3) AS boom FROM products");
        Path file = dir.resolve("out.json");
        BackupSchema schema = BackupSchema.of(TableDef.of("categories"), TableDef.of("exploding"));

        assertThatThrownBy(() -> join(Backups.backup(db.adapter(), schema, "u1", file, null, null)))
                .hasMessageContaining("division by zero");

        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
        db.sql("DROP VIEW exploding");
    }

    @Test
    void badFilesAreClearErrorsAndWriteNothing() throws IOException {
        seedUser1();
        Path good = backupUser1();
        String text = Files.readString(good);
        db.sql("DELETE FROM reviews WHERE slug = 'r2'");
        String before = snapshot();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "is not valid JSON");
        cases.put(text.substring(0, text.length() / 2), "Unexpected end-of-input");
        cases.put(text.replace("\"version\":\"1.1\"", "\"version\":\"2.0\""), "Unsupported backup version '2.0'");
        cases.put(text.replace("\"reviews\":", "\"reviewz\":"), "Table 'reviews' is missing");
        cases.put(text.replace("{\"id\":2,", "{"), "has no primary key 'id'");
        cases.put("[1, 2]", "not a backup");
        cases.put(text.replace("{\"id\":2,\"slug\":\"garden\"", "{\"id\":1,\"slug\":\"garden\""),
                "Table 'categories' holds primary key 1 2 times");
        int n = 0;
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Path file = dir.resolve("bad" + n++ + ".json");
            Files.writeString(file, bad.getKey());
            assertThatThrownBy(() -> restore(file, "u1", RestoreMode.OVERWRITE), bad.getValue())
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("is invalid")
                    .satisfies(error -> assertThat(((BackupException) error).errors())
                            .anySatisfy(message -> assertThat(message).contains(bad.getValue())));
            assertThat(snapshot()).isEqualTo(before);
        }
        assertThatThrownBy(() -> restore(dir.resolve("missing.json"), "u1", RestoreMode.SKIP))
                .isInstanceOf(BackupException.class).hasMessageContaining("Backup file not found");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void validateReportsErrorsAndWarnings() throws IOException {
        Path file = dir.resolve("v.json");
        Files.writeString(file, """
                {"metadata": {"version": "1.1", "products_count": 5},
                 "categories": [{"id": 1, "slug": "a"}, {"id": "", "slug": "b"}, {"slug": "c"}, {"id": 4}],
                 "products": [{"id": 1, "slug": "p", "category_id": 1}, {"id": 2, "slug": "q", "category_id": 99}],
                 "reviews": [],
                 "extra": {}}
                """);

        BackupCheck result = Backups.validateBackup(file, SCHEMA);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).containsExactly(
                "categories[1]: row has no primary key 'id' (it is empty)",
                "categories[2]: row has no primary key 'id'",
                "categories[3]: row has no slug field 'slug'");
        assertThat(result.warnings()).contains(
                "Metadata field 'created_at' is missing", "Metadata field 'user_id' is missing",
                "Metadata field 'backup_type' is missing",
                "products[1] (pk=2): orphaned row, its parent category_id=99 is not in 'categories'",
                "Metadata says products_count=5 but the file holds 2 rows",
                "Key 'extra' is not a table of the backup schema; it is ignored");
        assertThat(Backups.validateBackup(dir.resolve("none.json"), SCHEMA).errors())
                .containsExactly("Backup file not found: " + dir.resolve("none.json"));
        Files.writeString(file, "{\"categories\": [], \"products\": [], \"reviews\": []}");
        assertThat(Backups.validateBackup(file, SCHEMA).errors()).containsExactly("The backup has no 'metadata'");
    }
}
