package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesCommandTest {
    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "postgresql://me:hunter2@localhost/app"
                description = "Local development"

                [profiles.prod]
                url = "postgresql://me:[YOUR-PASSWORD]@prod/app"
                protected = true
                """);
    }

    @Test
    void listsProfilesAndMarksTheCurrentOne() {
        CliRunner.Result result = cli.env("DB_PROFILE", "prod").run("profiles");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("┏").contains("└");
        assertThat(result.out().lines().filter(l -> l.contains("prod")).findFirst().orElseThrow()).startsWith("│ * │");
        assertThat(result.out().lines().filter(l -> l.contains("local")).findFirst().orElseThrow()).startsWith("│   │");
        assertThat(result.out()).contains("Local development").contains("Current profile: prod (from env DB_PROFILE)");
        assertThat(result.out()).doesNotContain("hunter2");
    }

    @Test
    void aProfileNamedAsACommandCanBeChosenWithTheProfileOption() throws Exception {
        cli.write("db.toml", "[profiles.sync]\nurl = \"postgresql://me@localhost/app\"\n"
                + "[profiles.status]\nurl = \"postgresql://me@localhost/other\"\n");

        CliRunner.Result sync = cli.ok("-p", "sync", "profiles");
        CliRunner.Result status = cli.ok("--profile", "status", "profiles");

        assertThat(sync.out()).contains("Current profile: sync");
        assertThat(status.out()).contains("Current profile: status");
    }

    @Test
    void aProfileWhoseVariableIsUnsetIsListedAsUnusableAndTheOthersStillWork() throws Exception {
        cli.write("db.toml", """
                [profiles.local]
                url = "postgresql://me@127.0.0.1:1/app"

                [profiles.prod]
                url = "postgresql://me@prod/app"
                db_password = "${PROD_DB_PASSWORD}"
                """);

        CliRunner.Result listed = cli.ok("profiles");
        assertThat(listed.out()).contains("local");
        assertThat(listed.err()).contains("Profile 'prod' cannot be used here: ").contains("db.toml:6: profiles.prod.db_password:"
                + " environment variable PROD_DB_PASSWORD is not set");

        CliRunner.Result other = cli.run("-p", "local", "status");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(1);
        assertThat(other.err() + other.out()).contains("Database unreachable").doesNotContain("PROD_DB_PASSWORD");

        CliRunner.Result chosen = cli.run("-p", "prod", "status");
        assertThat(chosen.exitCode()).as(chosen.toString()).isEqualTo(2);
        assertThat(chosen.err()).contains("environment variable PROD_DB_PASSWORD is not set");
    }

    @Test
    void withoutCurrentProfileSaysHowToPickOne() {
        CliRunner.Result result = cli.run("profiles");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).doesNotContain("│ * │").contains("No current profile");
    }

    @Test
    void lockFileMarksTheCurrentProfile() throws Exception {
        cli.write(".db-profile", "local\n");
        CliRunner.Result result = cli.ok("profiles");
        assertThat(result.out()).contains("Current profile: local (from .db-profile)");
    }

    @Test
    void jsonListsProfilesWithMaskedUrls() throws Exception {
        CliRunner.Result result = cli.env("DB_PROFILE", "local").run("profiles", "--json");
        assertThat(result.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out()).get("result");
        assertThat(json.get("current").asText()).isEqualTo("local");
        assertThat(json.get("profiles")).hasSize(2);
        assertThat(json.get("profiles").get(0).get("url").asText()).isEqualTo("postgresql://me:***@localhost/app");
        assertThat(json.get("profiles").get(1).get("protected").asBoolean()).isTrue();
        assertThat(result.out()).doesNotContain("hunter2");
    }

    @Test
    void globalOptionsWorkBeforeTheCommandToo() throws Exception {
        cli.write("conf/alt.toml", "[profiles.alt]\nurl = \"postgresql://h/db\"\n");
        CliRunner.Result result = cli.run("--config", "conf/alt.toml", "--json", "profiles");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(new ObjectMapper().readTree(result.out()).get("result").get("profiles").get(0).get("name").asText()).isEqualTo("alt");
    }

    @Test
    void missingConfigIsExitTwoWithOneLineAndAHint() {
        CliRunner.Result result = cli.run("--config", "nope.toml", "profiles");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Error: ").contains("nope.toml: configuration file not found")
                .contains("Hint: ").doesNotContain("at dev.dbadapter");
        assertThat(result.err().lines().count()).isEqualTo(2);
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliRunner.Result result = cli.run("--config", "nope.toml", "profiles", "--verbose");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("at dev.dbadapter");
    }

    @Test
    void badTomlIsExitTwoNamingTheLine() throws Exception {
        cli.write("db.toml", "[profiles.local]\nurl = \n");
        CliRunner.Result result = cli.run("profiles");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("db.toml:2: invalid TOML");
    }

    @Test
    void unknownKeysAreWarnedOnStderr() throws Exception {
        cli.write("db.toml", "[profiles.local]\nurl = \"postgresql://h/db\"\nurll = \"x\"\n");
        CliRunner.Result result = cli.run("profiles");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("Warning:").contains("db.toml:3: unknown key 'urll'");
    }

    @Test
    void unknownCommandOrOptionIsExitTwo() {
        assertThat(cli.run("frobnicate").exitCode()).isEqualTo(2);
        CliRunner.Result result = cli.run("profiles", "--bogus");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void bareCommandPrintsUsageWithExitCodes() {
        CliRunner.Result result = cli.run();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: db-adapter").contains("profiles").contains("status")
                .contains("Exit codes:");
    }

    @Test
    void providersWrittenInAnyCasePrintInLowerCase() throws Exception {
        cli.write("db.toml", """
                [profiles.local]
                url = "postgresql://h/app"
                provider = "Postgres"

                [profiles.supa]
                url = "https://project.supabase.co"
                provider = "SUPABASE"
                """);
        CliRunner.Result table = cli.run("profiles");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).containsPattern("│ local +│ postgres +│").containsPattern("│ supa +│ supabase +│");

        JsonNode profiles = new ObjectMapper().readTree(cli.ok("--json", "profiles").out()).get("result").get("profiles");
        assertThat(profiles.get(0).get("provider").asText()).isEqualTo("postgres");
        assertThat(profiles.get(1).get("provider").asText()).isEqualTo("supabase");
    }
}
