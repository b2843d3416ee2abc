package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.testing.PgDatabaseExtension;
import dev.dbadapter.testing.PostgrestExtension;
import dev.dbadapter.testing.PostgrestExtension.Key;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI on a {@code provider = "supabase"} profile against a real PostgREST: status counts rows through
 * the REST API, backup and restore take the portable path, schema commands exit 2 asking for a direct
 * PostgreSQL URL, sync copies from it into a PostgreSQL profile, and the key never shows.
 */
class SupabaseCliTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();
    @RegisterExtension
    static final PostgrestExtension rest = new PostgrestExtension(db);
    @RegisterExtension
    static final PgDatabaseExtension copy = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void shop() throws Exception {
        cli = ShopFixture.create(db, dir, false);
        rest.sql("SELECT 1"); // the fixture recreated the tables: PostgREST reloads its schema cache
        cli.env("DB_PROFILE", "supa").env("SUPABASE_KEY", rest.key(Key.SECRET));
        cli.write("db.toml", """
                [profiles.supa]
                url = "%s"
                provider = "supabase"
                api_key = "${SUPABASE_KEY}"
                description = "Supabase project"

                [profiles.local]
                url = "%s"

                [profiles.copy]
                url = "%s"

                [schema]
                backup_schema = "backup-schema.json"

                [defaults]
                user_id_env = "DEV_USER_ID"
                """.formatted(rest.url(), db.url(), copy.url()));
    }

    @Test
    void statusCountsRowsThroughTheRestApiAndHidesTheKey() throws Exception {
        CliRunner.Result result = cli.run("status");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Provider:    supabase").contains("URL:         " + rest.url())
                .contains("✓ Database reachable");
        assertThat(result.out()).containsPattern("│ categories │ +3 │").containsPattern("│ products +│ +4 │");
        assertThat(result.out() + result.err()).doesNotContain(rest.key(Key.SECRET));

        JsonNode json = new ObjectMapper().readTree(cli.run("--json", "status").out()).get("result");
        assertThat(json.get("provider").asText()).isEqualTo("supabase");
        assertThat(json.get("tables").get("products").asLong()).isEqualTo(4L);
        CliRunner.Result profiles = cli.run("--json", "profiles");
        assertThat(profiles.out()).contains("sb_secret_***").doesNotContain(rest.key(Key.SECRET));
    }

    @Test
    void aWrongKeyMakesStatusSayUnreachableAndWhichKindOfKeyWasUsed() {
        CliRunner.Result result = cli.env("SUPABASE_KEY", "sb_publishable_wrong").run("status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out() + result.err()).contains("Database unreachable").contains("Invalid API key")
                .contains("the publishable key (sb_publishable_…)").doesNotContain("sb_publishable_wrong");
    }

    @Test
    void backupAndRestoreRunThroughTheRestApiAndSayTheyAreNotAtomic() throws Exception {
        CliRunner.Result backup = cli.run("backup", "-o", "u1.json");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(backup.out()).contains("categories: 2 rows").contains("products: 3 rows").contains("Not atomic");

        CliRunner.Result restore = cli.run("restore", "u1.json", "--user-id", "u7", "-y");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("Not atomic").contains("Restore complete");
        assertThat(db.scalar("""
                SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id
                WHERE p.user_id = 'u7' AND c.user_id = 'u7'""")).isEqualTo(3L);

        JsonNode json = new ObjectMapper().readTree(cli.run("--json", "restore", "u1.json", "--user-id", "u7", "-y").out());
        assertThat(json.get("result").get("atomic").asBoolean()).isFalse();
        assertThat(json.get("result").get("tables").get("products").get("skipped").asLong()).isEqualTo(3L);

        CliRunner.Result intoPostgres = cli.env("DB_PROFILE", "local").run("restore", "u1.json", "--user-id", "u8", "-y");
        assertThat(intoPostgres.exitCode()).as(intoPostgres.toString()).isZero();
        assertThat(intoPostgres.out()).doesNotContain("Not atomic");
        assertThat(db.scalar("SELECT count(*) FROM products WHERE user_id = 'u8'")).isEqualTo(3L);
    }

    @Test
    void syncFromASupabaseProfileIntoAPostgresProfileRemapsKeysAndSaysItIsNotAtomic() throws Exception {
        copy.sql("""
                DROP TABLE IF EXISTS products, categories;
                CREATE TABLE categories (id serial PRIMARY KEY, slug text NOT NULL, name text, user_id text NOT NULL);
                CREATE TABLE products (id serial PRIMARY KEY, slug text NOT NULL, price numeric,
                    category_id int NOT NULL REFERENCES categories(id), user_id text NOT NULL);
                INSERT INTO categories (slug, name, user_id) VALUES ('mine', 'Mine', 'u2');
                """);

        CliRunner.Result run = cli.env("DB_PROFILE", "copy").run("sync", "--from", "supa", "--tables",
                "categories,products", "--confirm");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Sync complete.", "categories: 2 inserted", "products: 3 inserted", "Not atomic");
        assertThat(run.out() + run.err()).doesNotContain(rest.key(Key.SECRET));
        assertThat(copy.query("""
                SELECT p.slug, c.slug AS category, c.id AS category_id FROM products p JOIN categories c ON c.id = p.category_id
                WHERE p.user_id = 'u1' ORDER BY p.slug""").toString()).isEqualTo("[{slug=hammer, category=tools, category_id=2},"
                + " {slug=rake, category=garden, category_id=3}, {slug=saw, category=tools, category_id=2}]");
        CliRunner.Result again = cli.env("DB_PROFILE", "copy").run("sync", "--from", "supa", "--tables",
                "categories,products", "--confirm");
        assertThat(again.out()).contains("categories: 0 inserted", "products: 0 inserted");
        JsonNode json = new ObjectMapper().readTree(cli.env("DB_PROFILE", "copy").run("--json", "sync", "--from", "supa",
                "--tables", "categories,products", "--confirm").out()).get("result");
        assertThat(json.get("atomic").asBoolean()).isFalse();
        assertThat(json.get("tables").get("products").get("existing").asLong()).isEqualTo(3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "validate", "fix"})
    void schemaCommandsExitTwoSayingADirectPostgresUrlIsNeeded(String command) throws Exception {
        cli.write("schema.sql", "CREATE TABLE categories (id serial PRIMARY KEY);");
        CliRunner.Result result = cli.run(command);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("db-adapter " + command + " works on the schema, which needs a direct"
                + " PostgreSQL URL").contains("provider = \"postgres\"").doesNotContain("Exception");
        assertThat(dir.resolve(".db-profile")).doesNotExist();
    }
}
