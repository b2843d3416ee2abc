package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeAll
    static void tables() {
        db.sql("""
                CREATE TABLE items (a serial PRIMARY KEY, c text);
                CREATE TABLE leftovers (id int);
                """);
    }

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [schema]
                file = "db/schema.sql"
                """.formatted(db.url()));
        cli.write("db/schema.sql", "CREATE TABLE items (a serial PRIMARY KEY, c text);");
        cli.env("DB_PROFILE", "local");
    }

    @Test
    void validSchemaPassesWithExtraTablesAsWarning() {
        CliRunner.Result result = cli.run("validate");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("✓ Schema validation: PASSED").contains("Extra tables (warning): leftovers");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void invalidSchemaPrintsTheReportAndExitsOne() throws Exception {
        cli.write("other.sql", """
                CREATE TABLE items (a serial PRIMARY KEY, b varchar(100) NOT NULL, c text, d int);
                CREATE TABLE tags (id int);
                """);
        CliRunner.Result result = cli.run("validate", "--schema-file", "other.sql");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Schema validation: FAILED").doesNotContain("Schema validation failed:")
                .contains("Missing tables (1):\n    - tags").contains("Missing columns (2):\n    - items.b\n    - items.d")
                .contains("Extra tables (warning): leftovers");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void unreachableDatabaseExitsOneWithAOneLineError() throws Exception {
        cli.write("db.toml", """
                [profiles.down]
                url = "postgresql://me:hunter2@127.0.0.1:1/app"

                [schema]
                file = "db/schema.sql"
                """);
        CliRunner.Result result = cli.env("DB_PROFILE", "down").run("validate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("Error: Cannot reach the database");
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }

    @Test
    void missingSchemaFileFromTheFlagIsAClearError() {
        CliRunner.Result result = cli.run("validate", "--schema-file", "nope.sql");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Schema file not found").contains("nope.sql").contains("--schema-file");
    }

    @Test
    void unparsableSchemaFileNamesTheLine() throws Exception {
        cli.write("db/schema.sql", "CREATE TABLE items (a serial PRIMARY KEY);\n\nCREATE TABLE broken (id int,;\n");
        CliRunner.Result result = cli.run("validate");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("schema.sql:3").contains("broken");
    }

    @Test
    void jsonCarriesTheValidationFields() throws Exception {
        cli.write("other.sql", "CREATE TABLE items (a serial PRIMARY KEY, z text);");
        CliRunner.Result result = cli.run("--json", "validate", "--schema-file", "other.sql");
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("profile").asText()).isEqualTo("local");
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errorCount").asInt()).isEqualTo(1);
        assertThat(json.get("missingColumns").get(0).get("column").asText()).isEqualTo("z");
    }

    @Test
    void aSupabaseProfileExitsTwoSayingSchemaWorkNeedsADirectUrl() throws Exception {
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"
                provider = "POSTGRES"

                [profiles.supa]
                url = "https://project.supabase.co"
                provider = "supabase"

                [schema]
                file = "db/schema.sql"
                """.formatted(db.url()));
        CliRunner.Result refused = cli.env("DB_PROFILE", "supa").run("validate");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("db-adapter validate works on the schema, which needs a direct PostgreSQL"
                + " URL; profile 'supa' uses provider 'supabase' (the REST API)").contains("provider = \"postgres\"");

        CliRunner.Result postgres = cli.env("DB_PROFILE", "local").run("validate");
        assertThat(postgres.exitCode()).as(postgres.toString()).isZero();
    }
}
