package dev.dbadapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbadapter.factory.Workspace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process against a temporary working directory and captures what it prints. */
final class CliRunner {
    private final Path directory;
    private final Map<String, String> environment = new HashMap<>();
    private String input = "";
    private boolean interactive = true;

    CliRunner(Path directory) {
        this.directory = directory;
    }

    /** Sets an environment variable for the next runs. */
    CliRunner env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Sets what the next runs read from standard input (answers to prompts). */
    CliRunner input(String text) {
        this.input = text;
        return this;
    }

    /** Sets whether standard input is a terminal for the next runs (default: it is). */
    CliRunner interactive(boolean terminal) {
        this.interactive = terminal;
        return this;
    }

    /** Writes a file in the working directory. */
    Path write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, content);
        return file;
    }

    /** Runs {@code db-adapter args...} and returns exit code and output. */
    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new Workspace(directory, environment), false,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), interactive, false);
        int code = DbAdapterCommand.run(context, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs {@code db-adapter args...}, which must succeed (exit 0), and returns its output. */
    Result ok(String... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as("exit code of %s\n%s", String.join(" ", args), result).isZero();
        return result;
    }

    /** Exit code and captured streams of one run. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
