package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.Reliability;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Project files written by a hostile or careless hand: each is refused before any change, through the CLI. */
@Reliability
class HostileInputTest {
    /** What each command exits with when the profile's URL cannot be read: only listing profiles succeeds. */
    private static final Map<String, Integer> HOSTILE_EXIT = Map.of("status", 1, "--json status", 1, "profiles", 0,
            "connect", 1);

    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        db.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        db.sql("""
                CREATE TABLE canary (x int);
                INSERT INTO canary VALUES (1);
                CREATE TABLE products (id serial PRIMARY KEY, name text);
                """);
        cli = new CliRunner(dir).env("DB_PROFILE", "local");
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"
                [schema]
                column_defs = "column-defs.json"
                """.formatted(db.url()));
        cli.write("schema.sql", """
                CREATE TABLE canary (x int);
                CREATE TABLE products (id serial PRIMARY KEY, name text, tags text[]);
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "TEXT[]; DROP TABLE canary; --",
        "TEXT[]; DROP TABLE canary",
        "TEXT[] /* ; DROP TABLE canary */",
        "TEXT[] -- hides the rest",
        "TEXT[], DROP COLUMN name",
        "TEXT[]) ; DROP TABLE canary; (",
        "TEXT[] DEFAULT ('x'",
        "TEXT[] DEFAULT 'unterminated",
        "; DROP TABLE canary"})
    void aColumnDefinitionThatIsNotOneDefinitionIsRefusedBeforeAnyDdl(String definition) throws Exception {
        cli.write("column-defs.json", "{\"products.tags\": " + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(definition) + "}");
        CliRunner.Result result = cli.run("fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("column-defs.json").contains("products.tags").contains("not one column definition");
        assertThat(db.query("SELECT count(*) AS n FROM canary").getFirst().get("n")).isEqualTo(1L);
        assertThat(db.query("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'products'")
                .getFirst().get("n")).isEqualTo(2L);
    }

    @Test
    void aColumnDefinitionWithQuotedSemicolonsAndNestedParenthesesIsOneDefinition() throws Exception {
        cli.write("column-defs.json", """
                {"products.tags": "TEXT[] DEFAULT ARRAY['a;b', '--c']::text[] CHECK (cardinality(tags) < (10))"}
                """);
        CliRunner.Result result = cli.run("fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.query("SELECT column_default FROM information_schema.columns WHERE table_name = 'products'"
                + " AND column_name = 'tags'").getFirst().get("column_default").toString()).contains("a;b", "--c");
        assertThat(db.query("SELECT count(*) AS n FROM canary").getFirst().get("n")).isEqualTo(1L);
    }

    @Test
    void aSchemaFileTableNameOverSixtyThreeBytesIsRefusedByValidateAndFix() throws Exception {
        String name = "products_with_a_name_that_postgresql_would_quietly_cut_at_63_bytes";
        cli.write("schema.sql", "CREATE TABLE canary (x int);\nCREATE TABLE " + name + " (id int);");
        for (String[] args : new String[][] {{"validate"}, {"fix", "--confirm"}}) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("schema.sql:2").contains(name).contains("longer than 63 bytes");
        }
        assertThat(db.scalar("SELECT count(*) FROM pg_class WHERE relname LIKE 'products_with%'")).isEqualTo(0L);
    }

    @Test
    void fixExitsOneWhenTheSchemaIsStillInvalidAfterTheFix() throws Exception {
        // a temporary table lives only in the fix's own session, so validation afterwards misses it
        cli.write("column-defs.json", "{}");
        cli.write("schema.sql", "CREATE TABLE canary (x int);\nCREATE TEMP TABLE ghosts (id int);");
        CliRunner.Result result = cli.run("fix", "--confirm");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("Schema validation: FAILED").contains("ghosts");
        assertThat(result.out() + result.err()).contains("still invalid after the fix");

        CliRunner.Result json = cli.run("--json", "fix", "--confirm");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
        assertThat(json.out()).contains("\"validAfter\" : false");
    }

    @Test
    void quotedNamesInTheBackupSchemaBackUpValidateAndRestoreThroughTheCli() throws Exception {
        db.sql("""
                CREATE TABLE "Shop Items" (id serial PRIMARY KEY, "with space" text NOT NULL, "Owner" text NOT NULL);
                INSERT INTO "Shop Items" ("with space", "Owner") VALUES ('a', 'u1'), ('b', 'u1');
                """);
        cli.write("backup-schema.json", """
                {"tables": [{"name": "\\"Shop Items\\"", "slug_field": "\\"with space\\"", "user_field": "\\"Owner\\""}]}
                """);
        CliRunner.Result backup = cli.run("backup", "--backup-schema", "backup-schema.json", "--user-id", "u1",
                "-o", "items.json");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        CliRunner.Result validate = cli.run("backup", "--validate", "items.json", "--backup-schema", "backup-schema.json");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        CliRunner.Result restore = cli.run("restore", "items.json", "--backup-schema", "backup-schema.json",
                "--user-id", "u2", "-y");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(db.query("SELECT \"with space\" AS slug FROM \"Shop Items\" WHERE \"Owner\" = 'u2' ORDER BY 1").toString())
                .isEqualTo("[{slug=a}, {slug=b}]");
    }

    @Test
    void restoreOfAFileWhoseFirstTableIsNotAnArrayFailsAtOnce() throws Exception {
        db.sql("""
                CREATE TABLE categories (id serial PRIMARY KEY, slug text, user_id text);
                CREATE TABLE items (id serial PRIMARY KEY, slug text, user_id text);
                INSERT INTO items (slug, user_id) VALUES ('kept', 'u2');
                """);
        cli.write("backup-schema.json", """
                {"tables": [{"name": "categories"}, {"name": "items"}]}
                """);
        cli.write("bad.json", """
                {"metadata": {"version": "1.1"}, "categories": "x", "items": [{"id": 1, "slug": "new", "user_id": "u1"}]}
                """);
        CliRunner.Result result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(30), () -> cli.run("restore", "bad.json", "--backup-schema",
                        "backup-schema.json", "--user-id", "u2", "-y"));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out() + result.err()).contains("must be a JSON array of rows");
        assertThat(db.query("SELECT slug FROM items").toString()).isEqualTo("[{slug=kept}]");
        assertThat(db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state = 'idle in transaction'")).isEqualTo(0L);
    }

    @Test
    void aPasswordWithUnencodedReservedCharactersNeverShowsInStatus() throws Exception {
        cli.write("db.toml", """
                [profiles.local]
                url = "postgresql://postgres:p@ss:/?#[]%SECRET@127.0.0.1:1/db"
                """);
        for (String[] args : new String[][] {{"status"}, {"--json", "status"}, {"profiles"}, {"connect"}}) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(HOSTILE_EXIT.get(String.join(" ", args)));
            assertThat(result.out() + result.err()).as(result.toString())
                    .doesNotContain("SECRET").doesNotContain("ss:").doesNotContain("[]%");
        }
        CliRunner.Result status = cli.run("status");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(HOSTILE_EXIT.get("status"));
        assertThat(status.out()).contains("postgres:***@127.0.0.1:1/db")
                .contains("Profile 'local': Cannot read the database URL").contains("percent-encoded");
        CliRunner.Result connect = cli.run("connect");
        assertThat(connect.exitCode()).isEqualTo(1);
        assertThat(connect.out() + connect.err()).contains("Profile 'local'").contains("db_password");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }
}
