package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbadapter.testing.PgDatabaseExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The provider of a profile: printed lower-case, and a provider without a backend refused clearly. */
class ProviderCliTest {
    @RegisterExtension
    static final PgDatabaseExtension db = new PgDatabaseExtension();

    private static final String NO_BACKEND =
            "Profile 'supa' uses provider 'supabase', which this version cannot open: it has no Supabase backend yet";

    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "%s"
                provider = "Postgres"

                [profiles.supa]
                url = "https://project.supabase.co"
                provider = "SUPABASE"
                """.formatted(db.url()));
        cli.write("schema.sql", "CREATE TABLE items (id serial PRIMARY KEY);\n");
    }

    @Test
    void profilesPrintTheProviderInLowerCase() throws Exception {
        CliRunner.Result table = cli.run("profiles");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).containsPattern("│ local +│ postgres +│").containsPattern("│ supa +│ supabase +│");

        CliRunner.Result json = cli.run("--json", "profiles");
        JsonNode profiles = new ObjectMapper().readTree(json.out()).get("profiles");
        assertThat(profiles.get(0).get("provider").asText()).isEqualTo("postgres");
        assertThat(profiles.get(1).get("provider").asText()).isEqualTo("supabase");
    }

    @Test
    void statusOfAProfileWithoutABackendSaysWhyItCannotBeReached() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "supa").run("--json", "status");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("provider").asText()).isEqualTo("supabase");
        assertThat(result.out()).contains(NO_BACKEND);
    }

    @Test
    void commandsOnAProfileWithoutABackendExitWithTwoAndSayWhy() {
        for (String command : new String[] {"validate", "fix"}) {
            CliRunner.Result result = cli.env("DB_PROFILE", "supa").run(command);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains(NO_BACKEND).contains("provider = \"postgres\"");
        }
    }

    @Test
    void aPostgresProfileWrittenInAnyCaseWorks() {
        db.sql("CREATE TABLE IF NOT EXISTS items (id serial PRIMARY KEY)");
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("validate");
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }
}
