package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.factory.Workspace;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --quiet} (only errors and results) and {@code --no-color} / {@code NO_COLOR}. */
class QuietAndColourTest {
    @TempDir
    Path dir;

    CliRunner cli;

    @BeforeEach
    void config() throws Exception {
        cli = new CliRunner(dir);
        cli.write("db.toml", """
                [profiles.local]
                url = "postgresql://me@localhost/app"
                descripton = "typo: a warning"
                """);
    }

    @Test
    void quietDropsNotesAndWarningsButKeepsResultsAndErrors() throws Exception {
        CliRunner.Result loud = cli.ok("profiles");
        CliRunner.Result quiet = cli.ok("--quiet", "profiles");
        CliRunner.Result failing = cli.run("-q", "restore", "missing.json", "--user-id", "u1");
        CliRunner.Result json = cli.ok("-q", "--json", "profiles");

        assertThat(loud.err()).contains("Warning:");
        assertThat(loud.out()).contains("No current profile");
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).contains("local").doesNotContain("No current profile");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(2);
        assertThat(failing.err()).contains("Error:");
        assertThat(json.out()).startsWith("{").contains("\"local\"");
    }

    @Test
    void quietInitPrintsNothingAndStillWrites() throws Exception {
        Files.delete(dir.resolve("db.toml"));
        CliRunner.Result result = cli.run("init", "--quiet");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out() + result.err()).isEmpty();
        assertThat(dir.resolve("db.toml")).exists();
    }

    @Test
    void onATerminalNoColorOrTheNoColorVariableTurnsColourOff() {
        assertThat(runOnTerminal(Map.of(), "profiles")).contains("\u001b[");
        assertThat(runOnTerminal(Map.of(), "--no-color", "profiles")).doesNotContain("\u001b[");
        assertThat(runOnTerminal(Map.of("NO_COLOR", "1"), "profiles")).doesNotContain("\u001b[");
        assertThat(runOnTerminal(Map.of(), "--no-color", "--help")).doesNotContain("\u001b[");
    }

    private String runOnTerminal(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext terminal = new CliContext(new Workspace(dir, environment), true, new ByteArrayInputStream(new byte[0]));
        int exitCode = DbAdapterCommand.run(terminal, new PrintWriter(out), new PrintWriter(err), args);
        assertThat(exitCode).as("exit code of %s\n%s%s", String.join(" ", args), out, err).isZero();
        return out + err.toString();
    }
}
