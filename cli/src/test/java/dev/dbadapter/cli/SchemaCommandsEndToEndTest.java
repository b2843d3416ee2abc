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

/** connect / validate / fix: file options, lock-file rules, JSON shapes and exit codes beyond the per-command tests. */
class SchemaCommandsEndToEndTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        db.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS audit CASCADE;");
        db.sql("""
                CREATE TABLE items (id serial PRIMARY KEY, name text);
                INSERT INTO items (name) VALUES ('a'), ('b'), ('c');
                CREATE SCHEMA audit;
                CREATE TABLE audit.log (id serial PRIMARY KEY, msg text);
                """);
        cli = new CliRunner(dir);
        writeConfig("");
        cli.write("schema.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text);");
        cli.env("DB_PROFILE", "local");
    }

    private void writeConfig(String schemaSection) throws Exception {
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [profiles.down]
                url = "postgresql://me:hunter2@127.0.0.1:1/app?connect_timeout=1"
                %s
                """.formatted(db.url(), schemaSection));
    }

    private static JsonNode json(CliRunner.Result result) throws Exception {
        return JSON.readTree(result.out()).get("result");
    }

    // ---- connect ----

    @Test
    void connectUsesTheSchemaFileNamedInDbToml() throws Exception {
        writeConfig("[schema]\nfile = \"sql/app.sql\"");
        cli.write("sql/app.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text, price int);");
        CliRunner.Result result = cli.run("connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("    - items.price");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void connectWithValidationOffSucceedsOnADriftedSchemaAndSaysNotChecked() throws Exception {
        writeConfig("[schema]\nvalidate_on_connect = false");
        cli.write("schema.sql", "CREATE TABLE ghosts (id int);");
        CliRunner.Result result = cli.run("--json", "connect");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = json(result);
        assertThat(json.get("success").asBoolean()).isTrue();
        assertThat(json.get("schemaValid").isNull()).isTrue();
        assertThat(json.get("report").isNull()).isTrue();
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("local");
    }

    @Test
    void connectJsonOnAnInvalidSchemaCarriesTheReportAndNoCounts() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text); CREATE TABLE tags (id int);");
        CliRunner.Result result = cli.run("--json", "connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode json = json(result);
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("schemaValid").asBoolean()).isFalse();
        assertThat(json.get("report").get("missingTables").toString()).isEqualTo("[\"tags\"]");
        assertThat(json.get("error").asText()).isEqualTo("Schema validation failed: 1 error(s)");
        assertThat(json.get("tables").isNull()).isTrue();
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void connectJsonOnAnUnreachableDatabaseHasTheErrorAndNoPassword() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "down").run("--json", "connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode json = json(result);
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("profile").asText()).isEqualTo("down");
        assertThat(json.get("error").asText()).isNotBlank();
        assertThat(json.get("report").isNull()).isTrue();
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }

    @Test
    void connectOnAnUnreachableDatabaseLeavesAnExistingLockFileAsItWas() throws Exception {
        cli.write(".db-profile", "local\n");
        CliRunner.Result result = cli.env("DB_PROFILE", "down").run("connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("local\n");
    }

    @Test
    void connectWithAnUnparsableSchemaFileFailsNamingTheLineAndKeepsTheLockFile() throws Exception {
        cli.write(".db-profile", "down\n");
        cli.write("schema.sql", "CREATE TABLE items (id int);\nCREATE TABLE bad (id int,,);\n");
        CliRunner.Result result = cli.run("connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("schema.sql:2");
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("down\n");
    }

    @Test
    void connectValidatesTablesOutsidePublicThatTheSchemaFileNames() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text); CREATE TABLE audit.log (id int, msg text);");
        CliRunner.Result result = cli.run("connect");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Schema validation: PASSED");
    }

    @Test
    void connectWithoutAnyProfileIsAConfigErrorSayingHowToPickOne() {
        CliRunner runner = new CliRunner(dir);
        CliRunner.Result result = runner.run("connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("DB_PROFILE");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    // ---- validate ----

    @Test
    void validateFlagWinsOverDbToml() throws Exception {
        writeConfig("[schema]\nfile = \"configured.sql\"");
        cli.write("configured.sql", "CREATE TABLE ghosts (id int);");
        cli.write("flag.sql", "CREATE TABLE items (id int);");
        CliRunner.Result result = cli.run("validate", "--schema-file", "flag.sql");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("flag.sql");
    }

    @Test
    void validateFallsBackToSchemaSqlInTheWorkingDirectory() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id int, name text, missing_one text);");
        CliRunner.Result result = cli.run("validate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("    - items.missing_one");
    }

    @Test
    void validateWithAMissingConfiguredFileNamesThePathAndItsSource() throws Exception {
        writeConfig("[schema]\nfile = \"nowhere/schema.sql\"");
        CliRunner.Result result = cli.run("validate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Schema file not found").contains("nowhere").contains("[schema] file");
    }

    @Test
    void validateJsonOfAValidSchemaHasExactlyTheDocumentedFields() throws Exception {
        CliRunner.Result result = cli.run("--json", "validate");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = json(result);
        assertThat(json.fieldNames()).toIterable().containsExactly("profile", "schemaFile", "valid", "missingTables",
                "missingColumns", "extraTables", "errorCount");
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("errorCount").asInt()).isZero();
        assertThat(json.get("extraTables")).isEmpty();
        assertThat(json.get("schemaFile").asText()).endsWith("schema.sql");
    }

    @Test
    void validateChecksTablesOutsidePublicAndReportsTheirMissingColumnsQualified() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id int); CREATE TABLE audit.log (id int, msg text, level text);");
        CliRunner.Result result = cli.run("validate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("Missing columns (1):\n    - audit.log.level").doesNotContain("Missing tables");
    }

    @Test
    void validateNeverWritesTheLockFileOrTheDatabase() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id int); CREATE TABLE tags (id int);");
        assertThat(cli.run("validate").exitCode()).isEqualTo(1);
        assertThat(dir.resolve(".db-profile")).doesNotExist();
        assertThat(db.scalar("SELECT to_regclass('tags')")).isNull();
    }

    // ---- fix ----

    @Test
    void fixJsonPreviewHasPlanStepsAndAnUnappliedResult() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text, price int DEFAULT 0);"
                + " CREATE TABLE tags (id int);");
        CliRunner.Result result = cli.run("--json", "fix");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = json(result);
        assertThat(json.get("profile").asText()).isEqualTo("local");
        assertThat(json.get("strategy").asText()).isEqualTo("recreate");
        assertThat(json.get("steps")).hasSize(2);
        assertThat(json.get("plan").get("addColumns").get(0).get("column").asText()).isEqualTo("price");
        assertThat(json.get("result").get("applied").asBoolean()).isFalse();
        assertThat(json.has("validAfter")).isFalse();
        assertThat(db.scalar("SELECT to_regclass('tags')")).isNull();
    }

    @Test
    void fixJsonOfAValidSchemaHasNoPlanAndExitsZero() throws Exception {
        CliRunner.Result result = cli.run("--json", "fix");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = json(result);
        assertThat(json.get("validation").get("valid").asBoolean()).isTrue();
        assertThat(json.get("plan").isNull()).isTrue();
        assertThat(json.get("result").isNull()).isTrue();
    }

    @Test
    void fixUsesTheSchemaFileFlag() throws Exception {
        cli.write("other.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text, sku text);");
        CliRunner.Result result = cli.run("fix", "--schema-file", "other.sql", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Columns added:    1 (items.sku)");
        assertThat(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'sku'"))
                .isEqualTo(1L);
    }

    @Test
    void fixWithAnUnknownStrategyIsAUsageError() {
        CliRunner.Result result = cli.run("fix", "--strategy", "drop");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("drop");
    }

    @Test
    void fixWithAMissingSchemaFileFlagNamesIt() {
        CliRunner.Result result = cli.run("fix", "--schema-file", "absent.sql");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("absent.sql").contains("--schema-file");
    }

    @Test
    void fixWithABadColumnDefinitionFailsWithExitOneAndChangesNothing() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id serial PRIMARY KEY, name text, n int); CREATE TABLE tags (id int);");
        cli.write("defs.json", "{\"items.n\": \"not_a_type\"}");
        CliRunner.Result result = cli.run("fix", "--column-defs", "defs.json", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Fix failed").contains("nothing was changed").contains("not_a_type");
        assertThat(db.scalar("SELECT to_regclass('tags')")).isNull();
        assertThat(db.scalar("SELECT count(*) FROM items")).isEqualTo(3L);
    }

    @Test
    void fixAddsAMissingColumnToATableOutsidePublic() throws Exception {
        cli.write("schema.sql", "CREATE TABLE items (id int); CREATE TABLE audit.log (id serial PRIMARY KEY, msg text, level text);");
        CliRunner.Result result = cli.run("fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Columns added:    1 (audit.log.level)").contains("Schema validation: PASSED");
        assertThat(cli.run("validate").exitCode()).isZero();
    }
}
