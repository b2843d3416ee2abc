package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init} (a commented db.toml, never over one; .gitignore entries once) and {@code completion}. */
class InitAndCompletionTest {
    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void runner() {
        cli = new CliRunner(dir);
    }

    @Test
    void initWritesACommentedDbTomlThatLoadsWithoutWarnings() throws Exception {
        CliRunner.Result result = cli.run("init", "--url", "postgresql://app@db:5432/shop");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String written = Files.readString(dir.resolve("db.toml"));
        assertThat(written).contains("# ").contains("[profiles.local]").contains("url = \"postgresql://app@db:5432/shop\"")
                .contains("# backup_schema");
        CliRunner.Result profiles = cli.run("profiles");
        assertThat(profiles.exitCode()).as(profiles.toString()).isZero();
        assertThat(profiles.out()).contains("local").contains("Local development");
        assertThat(profiles.err()).doesNotContain("Warning");
    }

    @Test
    void initNeverOverwritesDbToml() throws Exception {
        cli.write("db.toml", "# mine\n");

        CliRunner.Result result = cli.run("init");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("exists already");
        assertThat(Files.readString(dir.resolve("db.toml"))).isEqualTo("# mine\n");
    }

    @Test
    void initCreatesGitignoreWithTheLockFileAndBackups() throws Exception {
        cli.ok("init");
        assertThat(Files.readAllLines(dir.resolve(".gitignore"))).contains(".db-profile", "backups/");
    }

    @Test
    void initAppendsToAGitignoreOnceKeepingWhatItHad() throws Exception {
        cli.write(".gitignore", "target/\n/backups");

        JsonNode first = new ObjectMapper().readTree(cli.ok("--json", "init").out()).get("result");
        Files.delete(dir.resolve("db.toml"));
        CliRunner.Result again = cli.ok("init");

        assertThat(first.get("gitignoreAdded")).hasSize(1);
        assertThat(first.get("gitignoreAdded").get(0).asText()).isEqualTo(".db-profile");
        assertThat(again.out()).contains("already ignores");
        String gitignore = Files.readString(dir.resolve(".gitignore"));
        assertThat(gitignore).startsWith("target/\n/backups\n");
        assertThat(gitignore.lines().filter(".db-profile"::equals)).hasSize(1);
        assertThat(gitignore.lines().filter(line -> !line.startsWith("#") && line.contains("backups"))).hasSize(1);
    }

    @Test
    void completionPrintsABashScriptThatKnowsTheCommandsAndOptions() {
        CliRunner.Result bash = cli.run("completion", "bash");

        assertThat(bash.exitCode()).as(bash.toString()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("restore").contains("backup").contains("--preserve-ids")
                .contains("--list");
    }

    @Test
    void completionForZshLoadsBashCompletionFirst() {
        CliRunner.Result zsh = cli.run("completion", "zsh");

        assertThat(zsh.exitCode()).as(zsh.toString()).isZero();
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit").contains("complete -F");
        assertThat(cli.run("completion", "fish").exitCode()).isEqualTo(2);
    }
}
