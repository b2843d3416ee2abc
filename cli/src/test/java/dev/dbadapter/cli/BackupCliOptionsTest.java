package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The backup and restore commands' options, precedence, exit codes and JSON output, one at a time. */
class BackupCliOptionsTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = ShopFixture.create(db, dir, true);
    }

    JsonNode readJson(String name) throws Exception {
        return JSON.readTree(dir.resolve(name).toFile());
    }

    String snapshot() {
        return db.query("SELECT * FROM categories ORDER BY id").toString() + db.query("SELECT * FROM products ORDER BY id")
                + db.query("SELECT * FROM tags ORDER BY id");
    }

    @Test
    void tablesTakesSeveralNamesAndKeepsSchemaOrder() throws Exception {
        CliRunner.Result result = cli.run("backup", "-o", "t.json", "--tables", "tags, categories");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(JSON.readTree(dir.resolve("t.json").toFile()).fieldNames()).toIterable()
                .containsExactly("metadata", "categories", "tags");
        assertThat(result.out()).contains("categories: 2 rows").contains("tags: 1 rows").doesNotContain("products");
    }

    @Test
    void outputIntoANewNestedDirectoryCreatesIt() throws Exception {
        CliRunner.Result result = cli.run("backup", "-o", "a/b/c/u1.json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(readJson("a/b/c/u1.json").get("products")).hasSize(3);
    }

    @Test
    void aGzOutputIsCompressedAndRestores() throws Exception {
        assertThat(cli.run("backup", "-o", "u1.json.gz").exitCode()).isZero();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("u1.json.gz")))) {
            assertThat(JSON.readTree(in).get("categories")).hasSize(2);
        }
        CliRunner.Result restore = cli.run("restore", "u1.json.gz", "-y", "--user-id", "u7");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id = 'u7'")).isEqualTo(3L);
    }

    @Test
    void theUserIdComesFromTheVariableNamedInDbToml() throws Exception {
        cli.env("DEV_USER_ID", "u2").ok("backup", "-o", "env.json");
        assertThat(readJson("env.json").get("metadata").get("user_id").asText()).isEqualTo("u2");
        assertThat(readJson("env.json").get("tags")).extracting(row -> row.get("slug").asText()).containsExactly("blue");
    }

    @Test
    void theUserIdFlagWinsOverTheVariable() throws Exception {
        CliRunner.Result result = cli.env("DEV_USER_ID", "u1").run("backup", "-o", "flag.json", "--user-id", "u2");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(readJson("flag.json").get("metadata").get("user_id").asText()).isEqualTo("u2");
        assertThat(readJson("flag.json").get("products")).extracting(row -> row.get("slug").asText()).containsExactly("x");
    }

    @Test
    void anUnsetUserVariableIsExitTwoNamingTheVariable() {
        CliRunner.Result result = new CliRunner(dir).env("DB_PROFILE", "local").run("backup", "-o", "x.json");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("No user id given").contains("DEV_USER_ID").contains("--user-id");
        assertThat(Files.exists(dir.resolve("x.json"))).isFalse();
    }

    @Test
    void restoreWithoutAUserIdIsExitTwoAndChangesNothing() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        // without --user-id or user_id_env a restore takes the backup's user: here it has none
        ObjectNode file = (ObjectNode) JSON.readTree(dir.resolve("u1.json").toFile());
        ((ObjectNode) file.get("metadata")).remove("user_id");
        JSON.writeValue(dir.resolve("u1.json").toFile(), file);
        String before = snapshot();
        CliRunner.Result result = new CliRunner(dir).env("DB_PROFILE", "local").run("restore", "u1.json", "-y");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("No user id given");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aConfiguredBackupSchemaFileThatIsMissingIsExitTwo() throws Exception {
        Files.delete(dir.resolve("backup-schema.json"));
        CliRunner.Result result = cli.run("backup", "-o", "x.json");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Backup schema file not found").contains("backup-schema.json");
        assertThat(Files.exists(dir.resolve("x.json"))).isFalse();
    }

    @Test
    void aBackupSchemaFlagNamingAMissingFileIsExitTwo() {
        CliRunner.Result result = cli.run("backup", "-o", "x.json", "--backup-schema", "nope.json");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Backup schema file not found").contains("nope.json");
    }

    @Test
    void anInvalidBackupSchemaIsExitTwoNamingTheTable() throws Exception {
        cli.write("bad-schema.json", "{\"tables\": [{\"name\": \"products\", \"parent\": {\"table\": \"categories\", \"field\": \"category_id\"}}]}");
        CliRunner.Result result = cli.run("backup", "-o", "x.json", "--backup-schema", "bad-schema.json");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'products' has parent 'categories'");
    }

    @Test
    void validateWorksWithNoConfigurationAtAll() throws Exception {
        cli.ok("backup", "-o", "good.json");
        Files.delete(dir.resolve("db.toml"));
        CliRunner.Result result = new CliRunner(dir).run("backup", "--validate", "good.json", "--backup-schema", "backup-schema.json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("✓ Backup is valid: " + dir.resolve("good.json")).doesNotContain("Errors:");
    }

    @Test
    void aValidFileWithWarningsIsExitZeroAndListsThem() throws Exception {
        cli.write("warn.json", "{\"metadata\": {\"version\": \"1.1\"}, \"categories\": [], \"products\": [], \"tags\": []}");
        CliRunner.Result result = new CliRunner(dir).run("backup", "--validate", "warn.json", "--backup-schema", "backup-schema.json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("✓ Backup is valid").contains("Warnings:")
                .contains("  - Metadata field 'user_id' is missing").doesNotContain("Errors:");
    }

    @Test
    void validatingAMissingFileIsExitOne() {
        CliRunner.Result result = new CliRunner(dir).run("backup", "--validate", "none.json", "--backup-schema", "backup-schema.json");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Backup is invalid").contains("Backup file not found: " + dir.resolve("none.json"));
    }

    @Test
    void validateJsonOutputHasFileValidErrorsAndWarnings() throws Exception {
        cli.write("warn.json", "{\"metadata\": {\"version\": \"1.1\"}, \"categories\": [], \"products\": [], \"tags\": []}");
        CliRunner.Result result = new CliRunner(dir).ok("--json", "backup", "--validate", "warn.json",
                "--backup-schema", "backup-schema.json");
        JsonNode json = JSON.readTree(result.out()).get("result");
        assertThat(json.fieldNames()).toIterable().containsExactly("file", "valid", "errors", "warnings");
        assertThat(json.get("file").asText()).isEqualTo(dir.resolve("warn.json").toString());
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("errors")).isEmpty();
        assertThat(json.get("warnings")).hasSize(3);
    }

    @Test
    void backupJsonOutputHasThePathAndCountsPerTable() throws Exception {
        JsonNode json = JSON.readTree(cli.ok("--json", "backup", "-o", "u1.json").out()).get("result");
        assertThat(json.fieldNames()).toIterable().containsExactly("path", "tableCounts", "atomic");
        assertThat(json.get("atomic").asBoolean()).as("COPY in one snapshot").isTrue();
        assertThat(json.get("tableCounts").toString()).isEqualTo("{\"categories\":2,\"products\":3,\"tags\":1}");
    }

    @Test
    void restoreJsonOutputHasCountsPerTableDryRunAndWarnings() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM products WHERE slug = 'saw'");
        CliRunner.Result result = cli.run("--json", "restore", "u1.json", "-y");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = JSON.readTree(result.out()).get("result");
        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("tables", "dryRun", "warnings", "atomic",
                "userId", "userIdSource");
        assertThat(json.get("atomic").asBoolean()).as("one transaction").isTrue();
        assertThat(json.get("tables").fieldNames()).toIterable().containsExactly("categories", "products", "tags");
        assertThat(json.get("tables").get("products").toString())
                .isEqualTo("{\"inserted\":1,\"updated\":0,\"skipped\":2,\"orphaned\":0,\"failed\":0,\"failureDetails\":[],\"orphanDetails\":[]}");
    }

    @Test
    void restoreJsonOutputForAnInvalidFileListsTheErrors() throws Exception {
        cli.write("bad.json", "{\"metadata\": {\"version\": \"1.1\"}, \"categories\": [{\"id\": 9}], \"products\": [], \"tags\": []}");
        CliRunner.Result result = cli.run("--json", "restore", "bad.json", "-y");
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode json = JSON.readTree(result.out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("result").isNull()).isTrue();
        assertThat(json.get("error").get("code").asText()).isEqualTo("BACKUP");
        assertThat(json.get("error").get("message").asText())
                .isEqualTo("Backup is invalid: " + dir.resolve("bad.json") + " (nothing was changed)");
        assertThat(json.get("error").get("details").toString())
                .isEqualTo("[\"categories[0]: row has no slug field 'slug'\"]");
    }

    @Test
    void anEmptyAnswerToThePromptChangesNothing() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM products WHERE slug = 'saw'");
        String before = snapshot();
        CliRunner.Result result = cli.input("\n").run("restore", "u1.json");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("Restore cancelled; nothing was changed.");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void noInputAtAllIsADeclinedPrompt() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM tags");
        CliRunner.Result result = cli.input("").run("restore", "u1.json");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(db.scalar("SELECT count(*) FROM tags")).isEqualTo(0L);
    }

    @Test
    void yesInAnyCaseConfirms() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM tags");
        CliRunner.Result result = cli.input(" YES \n").run("restore", "u1.json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.scalar("SELECT count(*) FROM tags")).isEqualTo(1L);
    }

    @Test
    void overwriteModeUpdatesChangedRows() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        db.sql("UPDATE products SET price = 99 WHERE slug = 'hammer'");
        CliRunner.Result result = cli.run("restore", "u1.json", "-y", "--mode", "overwrite");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("│ products +│ +0 │ +3 │ +0 │ +0 │");
        assertThat(db.scalar("SELECT price::text FROM products WHERE slug = 'hammer'")).isEqualTo("9.5");
    }

    @Test
    void failModeWithoutConflictsRestores() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        CliRunner.Result result = cli.run("restore", "u1.json", "-y", "-m", "fail", "--user-id", "fresh");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id = 'fresh'")).isEqualTo(3L);
    }

    @Test
    void failModeNamesTheExistingRowOnStderr() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        String before = snapshot();
        CliRunner.Result result = cli.run("restore", "u1.json", "-y", "-m", "FAIL");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("categories[0] (pk=1, slug=tools) already exists").contains("--mode skip");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aBadModeIsAUsageErrorThatNamesTheChoicesAlsoAsJson() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        String before = snapshot();
        CliRunner.Result plain = cli.run("restore", "u1.json", "-y", "--mode", "merge");
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.err()).contains("--mode").contains("Unknown restore mode 'merge': use skip, overwrite or fail");
        CliRunner.Result json = cli.run("restore", "u1.json", "-y", "-m", "merge", "--json");
        assertThat(json.exitCode()).isEqualTo(2);
        JsonNode error = JSON.readTree(json.out()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("USAGE");
        assertThat(error.get("message").asText()).contains("Unknown restore mode 'merge'");
        assertThat(error.get("hint").asText()).isEqualTo("run 'db-adapter restore --help' for the options");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unknownKeysInDbTomlAreWarnedOnceWithOrWithoutFlags() throws Exception {
        cli.write("db.toml", Files.readString(dir.resolve("db.toml")).replace("[defaults]", "[defaults]\ntypo = 1"));
        CliRunner.Result fromConfig = cli.run("backup", "-o", "a.json");
        CliRunner.Result fromFlags = cli.run("backup", "-o", "b.json", "--user-id", "u1", "--backup-schema", "backup-schema.json");
        for (CliRunner.Result result : new CliRunner.Result[] {fromConfig, fromFlags}) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.err().lines().filter(line -> line.contains("unknown key 'typo'"))).hasSize(1);
        }
    }

    @Test
    void restoringAMissingFileIsExitOneAndChangesNothing() {
        String before = snapshot();
        CliRunner.Result result = cli.run("restore", "gone.json", "-y");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out() + result.err()).contains("Backup file not found");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aDryRunIsAllowedOnAProtectedProfile() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM tags");
        CliRunner.Result result = cli.env("DB_PROFILE", "prod").run("restore", "u1.json", "--dry-run");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("│ tags +│ +1 │");
        assertThat(db.scalar("SELECT count(*) FROM tags")).isEqualTo(0L);
    }

    @Test
    void aBackupOfAProtectedProfileNeedsNoPermission() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "prod").run("backup", "-o", "prod.json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(readJson("prod.json").get("metadata").get("profile").asText()).isEqualTo("prod");
    }

    @Test
    void aProtectedProfileIsRefusedBeforeThePrompt() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        db.sql("DELETE FROM tags");
        CliRunner.Result result = cli.env("DB_PROFILE", "prod").input("y\n").run("restore", "u1.json");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out() + result.err()).doesNotContain("[y/N]");
        assertThat(result.err()).contains("--allow-protected");
        assertThat(db.scalar("SELECT count(*) FROM tags")).isEqualTo(0L);
    }

    @Test
    void restoreUserFlagWinsOverTheVariable() throws Exception {
        cli.ok("backup", "-o", "u1.json");
        CliRunner.Result result = cli.env("DEV_USER_ID", "u1").run("restore", "u1.json", "-y", "--user-id", "u5");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.scalar("SELECT count(*) FROM categories WHERE user_id = 'u5'")).isEqualTo(2L);
        assertThat(result.out()).containsPattern("│ categories │ +2 │ +0 │ +0 │ +0 │");
    }
}
