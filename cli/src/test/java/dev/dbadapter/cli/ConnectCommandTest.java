package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ConnectCommandTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeAll
    static void tables() {
        db.sql("""
                CREATE TABLE categories (id serial PRIMARY KEY, slug text, name text);
                CREATE TABLE products (id serial PRIMARY KEY, slug text);
                INSERT INTO categories (slug, name) VALUES ('a', 'A'), ('b', 'B');
                """);
    }

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [profiles.down]
                url = "postgresql://me:hunter2@127.0.0.1:1/app?connect_timeout=1"
                """.formatted(db.url()));
        cli.write("schema.sql", """
                CREATE TABLE categories (id serial PRIMARY KEY, slug text, name text);
                CREATE TABLE products (id serial PRIMARY KEY, slug text);
                """);
    }

    @Test
    void validSchemaConnectsShowsRowCountsAndWritesTheLockFile() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("connect");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("✓ Connected to profile: local").contains("Schema validation: PASSED")
                .containsPattern("│ categories │ +2 │");
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("local");
    }

    @Test
    void invalidSchemaPrintsTheReportExitsOneAndKeepsTheLockFile() throws Exception {
        cli.write(".db-profile", "down\n");
        cli.write("schema.sql", """
                CREATE TABLE categories (id serial PRIMARY KEY, slug text, name text, user_id text);
                CREATE TABLE products (id serial PRIMARY KEY, slug text);
                CREATE TABLE orders (id serial PRIMARY KEY);
                """);
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Connected to profile: local").contains("Schema validation failed:")
                .contains("Missing tables (1):").contains("    - orders")
                .contains("Missing columns (1):").contains("    - categories.user_id")
                // the profile came from the variable and the lock file still names another: the hint says which
                .contains("Run 'db-adapter -p local fix' to see how to repair the schema.");
        assertThat(Files.readString(dir.resolve(".db-profile"))).isEqualTo("down\n");

        CliRunner.Result flag = new CliRunner(dir).run("-p", "local", "connect");
        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(1);
        assertThat(flag.out()).contains("Run 'db-adapter -p local fix'");
        cli.write(".db-profile", "local\n");
        CliRunner.Result fromLockFile = new CliRunner(dir).run("connect");
        assertThat(fromLockFile.exitCode()).as(fromLockFile.toString()).isEqualTo(1);
        assertThat(fromLockFile.out()).contains("Run 'db-adapter fix'");
    }

    @Test
    void validationIsSkippedWhenValidateOnConnectIsOff() throws Exception {
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"

                [schema]
                validate_on_connect = false
                file = "missing.sql"
                """.formatted(db.url()));
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("connect");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Schema validation: skipped");
        assertThat(dir.resolve(".db-profile")).exists();
    }

    @Test
    void unreachableDatabaseExitsOneWithoutWritingTheLockFile() {
        CliRunner.Result result = cli.env("DB_PROFILE", "down").run("connect");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Failed to connect to profile: down");
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void missingSchemaFileIsAConfigError() throws Exception {
        Files.delete(dir.resolve("schema.sql"));
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("connect");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Schema file not found").contains("schema.sql").contains("Hint:");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }

    @Test
    void jsonHasTheResultAndCounts() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("connect", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("success").asBoolean()).isTrue();
        assertThat(json.get("profile").asText()).isEqualTo("local");
        assertThat(json.get("schemaValid").asBoolean()).isTrue();
        assertThat(json.get("report").get("valid").asBoolean()).isTrue();
        assertThat(json.get("tables").get("categories").asLong()).isEqualTo(2);
    }
}
