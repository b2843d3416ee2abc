package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.config.DatabaseProfile;
import dev.dbadapter.factory.ProfileSource;
import dev.dbadapter.factory.ResolvedProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, usage errors, profile selection and colour: what a user meets before any database is touched. */
class CliUsageTest {
    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "postgresql://me@127.0.0.1:1/app"

                [profiles.prod]
                url = "postgresql://me@127.0.0.1:1/prod"
                protected = true
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "use", "status", "profiles", "validate", "fix", "backup", "restore"})
    void everyCommandTakesHelpBeforeItsRequiredArguments(String command) {
        for (String flag : List.of("--help", "-h")) {
            CliRunner.Result result = cli.run(command, flag);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Usage: db-adapter " + command).contains("-h, --help");
            assertThat(result.err()).isEmpty();
        }
    }

    @Test
    void aUsageErrorIsOneLineAndAPointerToHelpNotTheWholeUsage() {
        CliRunner.Result missing = cli.run("restore");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("Error: Missing required parameter: 'FILE'\n"
                + "Hint: run 'db-adapter restore --help' for the options\n");

        CliRunner.Result misspelt = cli.run("fix", "--confrm");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err().lines()).hasSize(2);
        assertThat(misspelt.err()).contains("Unknown option: '--confrm'").contains("--confirm")
                .contains("db-adapter fix --help").doesNotContain("Usage:");
    }

    @Test
    void rootHelpListsOnlyCommandsThatExist() {
        String help = cli.ok("--help").out();
        assertThat(help).contains("use");
        // every command the help lists runs: its own --help succeeds
        for (String command : List.of("connect", "use", "status", "profiles", "validate", "fix", "sync", "backup",
                "restore", "init", "completion")) {
            assertThat(help).containsPattern("(?m)^  " + command + " ");
            assertThat(cli.run(command, "--help").exitCode()).as(command).isZero();
        }
    }

    @Test
    void profileFlagBeatsTheVariableWhichBeatsTheLockFile() throws Exception {
        cli.write(".db-profile", "local\n");
        // both profiles point at a closed port: status shows them and exits 1 (unreachable)
        assertThat(status(cli.run("status"), 1).out()).contains("Profile:     local").contains("Source:      lock file .db-profile");
        cli.env("DB_PROFILE", "prod");
        assertThat(status(cli.run("status"), 1).out()).contains("Profile:     prod")
                .contains("Source:      environment variable DB_PROFILE");
        CliRunner.Result flag = status(cli.run("-p", "local", "status"), 1);
        assertThat(flag.out()).contains("Profile:     local").contains("Source:      the -p/--profile flag");
        assertThat(status(cli.run("status", "--profile", "local"), 1).out()).contains("Profile:     local");
        assertThat(status(cli.run("-p", "nope", "status"), 2).err()).contains("Profile 'nope' not found");
    }

    private static CliRunner.Result status(CliRunner.Result result, int exitCode) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        return result;
    }

    @Test
    void useWritesTheLockFileForAProfileThatExists() throws Exception {
        CliRunner.Result used = cli.run("use", "prod");
        assertThat(used.exitCode()).as(used.toString()).isZero();
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("prod");

        CliRunner.Result unknown = cli.run("use", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Profile 'nope' not found").contains("local, prod");
        assertThat(Files.readString(dir.resolve(".db-profile")).strip()).isEqualTo("prod");
    }

    @Test
    void noProfileHintNamesUseAndTheFlag() {
        CliRunner.Result result = cli.run("status");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("db-adapter use <profile>").contains("-p <profile>");
    }

    @Test
    void hintsNameTheProfileUnlessItCameFromTheLockFile() {
        DatabaseProfile profile = DatabaseConfig.parse(dir.resolve("db.toml"), "[profiles.local]\nurl = \"postgresql://h/app\"\n",
                Map.of()).profile("local");
        assertThat(DbAdapterCommand.commandFor(new ResolvedProfile(profile, ProfileSource.EXPLICIT, "x"), "fix"))
                .isEqualTo("db-adapter -p local fix");
        assertThat(DbAdapterCommand.commandFor(new ResolvedProfile(profile, ProfileSource.ENVIRONMENT, "x"), "fix"))
                .isEqualTo("db-adapter -p local fix");
        assertThat(DbAdapterCommand.commandFor(new ResolvedProfile(profile, ProfileSource.LOCK_FILE, "x"), "fix"))
                .isEqualTo("db-adapter fix");
    }

    @Test
    void noColourOnADumbTerminalOrWithNoColor() {
        assertThat(Main.colour(true, Map.of("TERM", "xterm-256color"))).isTrue();
        assertThat(Main.colour(true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(Main.colour(true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Main.colour(false, Map.of())).isFalse();
    }
}
