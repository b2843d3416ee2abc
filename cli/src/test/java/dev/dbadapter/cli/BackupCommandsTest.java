package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = ShopFixture.create(db, dir, false);
    }

    @Test
    void backupThenRestoreIntoEmptyTables() {
        CliRunner.Result backup = cli.run("backup", "-o", "out/u1.json");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(backup.out()).contains("✓ Backup saved to: " + dir.resolve("out/u1.json"))
                .contains("categories: 2 rows").contains("products: 3 rows");
        db.sql("TRUNCATE products, categories");

        CliRunner.Result restore = cli.run("restore", "out/u1.json", "-y");

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("Restore Results").containsPattern("│ categories │ +2 │ +0 │ +0 │ +0 │")
                .containsPattern("│ products +│ +3 │ +0 │ +0 │ +0 │").contains("✓ Restore complete");
        assertThat(db.scalar("SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id"
                + " WHERE p.user_id = 'u1' AND c.user_id = 'u1'")).isEqualTo(3L);
    }

    @Test
    void defaultOutputPathUsesTheProfileName() throws Exception {
        CliRunner.Result backup = cli.run("backup", "--user-id", "u2", "--backup-schema", "backup-schema.json");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        try (var files = Files.list(dir.resolve("backups"))) {
            assertThat(files.toList()).singleElement().satisfies(file ->
                    assertThat(file.getFileName().toString()).matches("local-\\d{8}-\\d{6}\\.json"));
        }
        assertThat(backup.out()).contains("categories: 1 rows").contains("products: 1 rows");
    }

    @Test
    void tablesOptionKeepsTheNamedTablesAndTheirParents() {
        CliRunner.Result backup = cli.ok("backup", "-o", "c.json", "--tables", "categories");
        assertThat(backup.out()).contains("categories: 2 rows").doesNotContain("products:");
        assertThat(cli.ok("backup", "-o", "p.json", "--tables", "products").out())
                .contains("categories: 2 rows").contains("products: 3 rows");
        CliRunner.Result unknown = cli.run("backup", "-o", "x.json", "--tables", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Table 'nope' is not in the backup schema");
    }

    @Test
    void validateReportsIdsThatAreObjectsSlugsThatAreNumbersAndRepeatedSlugs() throws Exception {
        cli.write("odd.json", """
                {"metadata": {"created_at": "2026-11-24T12:00:00", "user_id": "u1", "backup_type": "full", "version": "1.1"},
                 "categories": [{"id": {"n": 1}, "slug": "a"}, {"id": 2, "slug": 7}],
                 "products": [{"id": 5, "slug": "p", "category_id": 2}, {"id": 6, "slug": "p", "category_id": 2}]}
                """);
        CliRunner.Result result = cli.run("backup", "--validate", "odd.json");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("categories[0]: primary key 'id' is a JSON object")
                .contains("categories[1] (pk=2): slug field 'slug' is a number (7); it must be a string")
                .contains("products[1] (pk=6): slug 'p' repeats products[0] (same user and category_id)");
    }

    @Test
    void validateNeedsNoDatabase() throws Exception {
        cli.ok("backup", "-o", "good.json");
        Files.delete(dir.resolve("db.toml"));
        cli.write("bad.json", "{\"metadata\": {\"version\": \"2.0\"}, \"categories\": [{\"slug\": \"a\"}]}");

        CliRunner.Result good = cli.run("backup", "--validate", "good.json", "--backup-schema", "backup-schema.json");
        assertThat(good.exitCode()).as(good.toString()).isZero();
        assertThat(good.out()).contains("✓ Backup is valid: " + dir.resolve("good.json"));

        CliRunner.Result bad = cli.run("backup", "--validate", "bad.json", "--backup-schema", "backup-schema.json");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("✗ Backup is invalid: " + dir.resolve("bad.json")).contains("Errors:")
                .contains("  - Unsupported backup version '2.0' (expected 1.1)")
                .contains("  - categories[0]: row has no primary key 'id'")
                .contains("  - Table 'products' is missing from the backup")
                .contains("Warnings:").contains("  - Metadata field 'created_at' is missing");

        CliRunner.Result invalid = cli.run("--json", "backup", "--validate", "bad.json", "--backup-schema", "backup-schema.json");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(invalid.out()).get("result");
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errors")).hasSize(3);
    }

    @Test
    void restoreAsksForConfirmationAndAnswerNoChangesNothing() {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM products WHERE slug = 'saw'");

        CliRunner.Result no = cli.input("n\n").run("restore", "u1.json");
        assertThat(no.exitCode()).isEqualTo(1);
        // the question on stderr, so it shows when stdout is redirected
        assertThat(no.err()).contains("Restore " + dir.resolve("u1.json") + " into profile 'local' as user u1 (mode skip)? [y/N]");
        assertThat(no.out()).contains("Restore cancelled; nothing was changed.").doesNotContain("[y/N]");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);

        CliRunner.Result yes = cli.input("y\n").run("restore", "u1.json");
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(yes.out()).containsPattern("│ products +│ +1 │ +0 │ +2 │ +0 │");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(4L);
    }

    @Test
    void restoreWithoutATerminalRefusesAtOnceAndSaysYesIsNeeded() {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM products WHERE slug = 'saw'");
        CliRunner.Result script = cli.input("y\n").interactive(false).run("restore", "u1.json");
        assertThat(script.exitCode()).as(script.toString()).isEqualTo(2);
        assertThat(script.err()).contains("standard input is not a terminal").contains("-y/--yes");
        assertThat(script.out() + script.err()).doesNotContain("[y/N]");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);
        assertThat(cli.run("restore", "u1.json", "-y").exitCode()).isZero();
    }

    @Test
    void dryRunDoesNotAskAndChangesNothing() {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM products WHERE slug = 'saw'");

        CliRunner.Result result = cli.run("restore", "u1.json", "--dry-run", "-m", "overwrite");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).doesNotContain("[y/N]");
        assertThat(result.out()).contains("Restore Results (dry run)")
                .containsPattern("│ products +│ +1 │ +2 │ +0 │ +0 │").contains("Dry run: nothing was changed.");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);
    }

    @Test
    void failModeWithExistingRowsIsExitOneAndChangesNothing() {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM products WHERE slug = 'saw'");

        CliRunner.Result result = cli.run("restore", "u1.json", "-y", "-m", "fail");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Error: Restore aborted (mode fail)").contains("already exists");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);
    }

    @Test
    void failedRowsAreListedAndTheExitCodeIsOne() throws Exception {
        cli.write("bad-row.json", """
                {"metadata": {"created_at": "2026-11-24T12:00:00", "user_id": "u1", "backup_type": "full", "version": "1.1"},
                 "categories": [{"id": 1, "slug": "new", "user_id": "u1"}],
                 "products": [{"id": 5, "slug": "ok", "price": 1, "category_id": 1, "user_id": "u1"},
                              {"id": 6, "slug": "neg", "price": -1, "category_id": 1, "user_id": "u1"}]}
                """);

        CliRunner.Result result = cli.run("restore", "bad-row.json", "-y");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).containsPattern("│ products +│ +1 │ +0 │ +0 │ +0 │ +1 │").contains("Failed rows in products:")
                .contains("  row 1 (pk=6): new row for relation \"products\" violates check constraint \"products_price_check\"");
    }

    @Test
    void rowsWhoseParentIsMissingAreCountedAsOrphanedAndListed() throws Exception {
        cli.write("orphan.json", """
                {"metadata": {"created_at": "2026-11-24T12:00:00", "user_id": "u1", "backup_type": "full", "version": "1.1"},
                 "categories": [{"id": 1, "slug": "new", "user_id": "u1"}],
                 "products": [{"id": 5, "slug": "ok", "price": 1, "category_id": 1, "user_id": "u1"},
                              {"id": 6, "slug": "lost", "price": 1, "category_id": 99, "user_id": "u1"}]}
                """);
        CliRunner.Result result = cli.run("restore", "orphan.json", "-y");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("┃ Orphaned ┃").containsPattern("│ products +│ +1 │ +0 │ +0 │ +1 │ +0 │")
                .contains("Orphaned rows in products (not restored: their parent was not):")
                .contains("  row 1 (pk=6): parent category_id=99 was not restored to 'categories'");

        JsonNode json = new ObjectMapper().readTree(cli.ok("--json", "restore", "orphan.json", "--dry-run").out()).get("result");
        JsonNode products = json.get("tables").get("products");
        assertThat(products.get("orphaned").asLong()).isEqualTo(1);
        assertThat(products.get("orphanDetails").get(0).get("oldPk").asText()).isEqualTo("6");
    }

    @Test
    void invalidFileIsExitOneWithItsErrorsAndChangesNothing() throws Exception {
        cli.write("bad.json", "{\"metadata\": {\"version\": \"1.1\"}, \"categories\": [{\"id\": 9}], \"products\": []}");
        CliRunner.Result result = cli.run("restore", "bad.json", "-y");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Backup is invalid: " + dir.resolve("bad.json"))
                .contains("  - categories[0]: row has no slug field 'slug'");
        assertThat(db.scalar("SELECT count(*) FROM categories")).isEqualTo(3L);
    }

    @Test
    void protectedProfileRefusesRestoreUnlessAllowed() {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM products WHERE slug = 'saw'");

        CliRunner.Result refused = cli.env("DB_PROFILE", "prod").run("restore", "u1.json", "-y");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("protected").contains("--allow-protected");
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(3L);

        CliRunner.Result allowed = cli.env("DB_PROFILE", "prod").run("restore", "u1.json", "-y", "--allow-protected");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(db.scalar("SELECT count(*) FROM products")).isEqualTo(4L);
    }

    @Test
    void jsonOutputForBackupAndRestore() throws Exception {
        JsonNode backup = new ObjectMapper().readTree(cli.ok("--json", "backup", "-o", "u1.json").out()).get("result");
        assertThat(backup.get("path").asText()).isEqualTo(dir.resolve("u1.json").toString());
        assertThat(backup.get("tableCounts").get("products").asLong()).isEqualTo(3);

        JsonNode restore = new ObjectMapper().readTree(cli.ok("--json", "restore", "u1.json", "-y").out()).get("result");
        assertThat(restore.get("dryRun").asBoolean()).isFalse();
        assertThat(restore.get("tables").get("products").get("skipped").asLong()).isEqualTo(3);

        CliRunner.Result declined = cli.input("no\n").run("--json", "restore", "u1.json");
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).contains("[y/N]");
        assertThat(new ObjectMapper().readTree(declined.out()).get("result").get("cancelled").asBoolean()).isTrue();
    }

    @Test
    void missingSchemaUserOrModeAreUsageErrors() throws Exception {
        cli.write("db.toml", "[profiles.local]\nurl = \"" + db.url() + "\"\n");
        CliRunner.Result noSchema = cli.run("backup", "-o", "x.json");
        assertThat(noSchema.exitCode()).isEqualTo(2);
        assertThat(noSchema.err()).contains("No backup schema given").contains("--backup-schema");

        CliRunner.Result noUser = new CliRunner(dir).env("DB_PROFILE", "local")
                .run("backup", "-o", "x.json", "--backup-schema", "backup-schema.json");
        assertThat(noUser.exitCode()).isEqualTo(2);
        assertThat(noUser.err()).contains("No user id given").contains("--user-id");

        CliRunner.Result badMode = cli.run("restore", "x.json", "--backup-schema", "backup-schema.json", "-m", "merge");
        assertThat(badMode.exitCode()).isEqualTo(2);
        assertThat(badMode.err()).contains("Unknown restore mode 'merge'");
        assertThat(Files.exists(dir.resolve("x.json"))).isFalse();
    }
}
