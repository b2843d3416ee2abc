package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeAll
    static void tables() {
        db.sql("""
                CREATE TABLE categories (id serial PRIMARY KEY, slug text);
                CREATE TABLE products (id serial PRIMARY KEY, slug text);
                INSERT INTO categories (slug) VALUES ('a'), ('b');
                INSERT INTO products (slug) SELECT 'p' || g FROM generate_series(1, 1234) g;
                CREATE TABLE schema_migrations (version text);
                CREATE TABLE spatial_ref_sys (srid integer);
                CREATE TABLE pg_stat_statements (query text);
                """);
    }

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"
                description = "Local development"

                [profiles.down]
                url = "postgresql://me:hunter2@127.0.0.1:1/app?connect_timeout=1"
                """.formatted(db.url()));
    }

    @Test
    void showsProfileSourceAndRowCounts() {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("status");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Profile:     local").contains("Source:      environment variable DB_PROFILE")
                .contains("Provider:    postgres").contains("Description: Local development")
                .contains("✓ Database reachable");
        assertThat(result.out()).containsPattern("│ categories │ +2 │").containsPattern("│ products +│ +1,234 │");
    }

    @Test
    void rowCountsLeaveOutTheBookkeepingTablesAsThePythonToolDid() {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("status");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("categories")
                .doesNotContain("schema_migrations").doesNotContain("spatial_ref_sys").doesNotContain("pg_stat_statements");
    }

    @Test
    void sourceIsTheLockFileWhenNoVariableIsSet() throws Exception {
        cli.write(".db-profile", "local\n");
        assertThat(cli.ok("status").out()).contains("Source:      lock file .db-profile");
    }

    @Test
    void envPrefixSelectsThePrefixedVariable() {
        CliRunner.Result result = cli.env("DB_PROFILE", "down").env("APP_DB_PROFILE", "local")
                .ok("--env-prefix", "APP_", "status");
        assertThat(result.out()).contains("Profile:     local").contains("Source:      environment variable APP_DB_PROFILE");
    }

    @Test
    void unreachableDatabaseStillShowsTheProfileWithMaskedUrlAndExitsOne() {
        CliRunner.Result result = cli.env("DB_PROFILE", "down").run("status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("Profile:     down").contains("me:***@127.0.0.1:1")
                .contains("✗ Database unreachable");
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }

    @Test
    void jsonHasProfileAndCounts() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("status", "--json");
        assertThat(result.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("profile").asText()).isEqualTo("local");
        assertThat(json.get("source").asText()).isEqualTo("env DB_PROFILE");
        assertThat(json.get("reachable").asBoolean()).isTrue();
        assertThat(json.get("tables").get("products").asLong()).isEqualTo(1234);
    }

    @Test
    void jsonForUnreachableDatabase() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "down").run("--json", "status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("reachable").asBoolean()).isFalse();
        assertThat(json.get("error").asText()).isNotBlank().doesNotContain("hunter2");
    }

    @Test
    void noProfileSelectedIsExitTwoWithHint() {
        CliRunner.Result result = cli.run("status");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Error: No database profile selected").contains("Hint:");
    }

    @Test
    void unknownProfileIsExitTwoListingProfiles() {
        CliRunner.Result result = cli.env("DB_PROFILE", "nope").run("status");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Profile 'nope' not found. Available profiles: local, down");
    }

    @Test
    void jsonErrorsAreJsonOnStdout() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "nope").run("status", "--json");
        assertThat(result.exitCode()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("result").isNull()).isTrue();
        assertThat(json.get("error").get("code").asText()).isEqualTo("PROFILE_NOT_FOUND");
        assertThat(json.get("error").get("message").asText()).contains("'nope' not found");
    }

    @Test
    void aSupabaseProfileWithoutAKeyIsShownWithTheReasonItCannotBeReached() throws Exception {
        cli.write("db.toml", """
                [profiles.supa]
                url = "https://project.supabase.co"
                provider = "Supabase"
                """);
        CliRunner.Result result = cli.env("DB_PROFILE", "supa").run("--json", "status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("provider").asText()).isEqualTo("supabase");
        assertThat(json.get("reachable").asBoolean()).isFalse();
        assertThat(json.get("error").asText()).isEqualTo("Profile 'supa' has provider \"supabase\" but no api_key");
        assertThat(json.get("hint").asText()).contains("api_key = \"${SUPABASE_KEY}\"");
    }

    @Test
    void aRefusedConnectionFailsAtOnceWithTheDriversWordsNotThePoolsState() throws Exception {
        cli.write("db.toml", """
                [profiles.refused]
                url = "postgresql://me@127.0.0.1:1/app"

                [schema]
                validate_on_connect = false
                """);
        for (String command : List.of("status", "connect")) {
            long start = System.nanoTime();
            CliRunner.Result result = cli.env("DB_PROFILE", "refused").run(command);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(command).isLessThan(Duration.ofSeconds(3));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.out() + result.err()).contains("Connection to 127.0.0.1:1 refused").contains("Hint: ")
                    .doesNotContain("total=").doesNotContain("Connection is not available");
        }
    }

    @Test
    void aMissingDatabaseFailsAtOnceNamingItAndHowToCreateIt() throws Exception {
        String missing = "dbat_missing_" + System.nanoTime();
        cli.write("db.toml", "[profiles.nodb]\nurl = \"%s\"\n".formatted(
                db.url().replaceFirst("/[^/?]+(\\?|$)", "/" + missing + "$1")));
        long start = System.nanoTime();
        CliRunner.Result result = cli.env("DB_PROFILE", "nodb").run("status");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("database \"" + missing + "\" does not exist")
                .contains("Hint: ").contains("createdb " + missing).doesNotContain("total=");

        CliRunner.Result connect = cli.env("DB_PROFILE", "nodb").run("--json", "status");
        assertThat(connect.exitCode()).as(connect.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(connect.out());
        assertThat(json.get("result").get("hint").asText()).contains("createdb " + missing);
        assertThat(json.get("error").get("code").asText()).isEqualTo("CONNECTION");
        assertThat(json.get("error").get("hint").asText()).contains("createdb " + missing);
    }
}
