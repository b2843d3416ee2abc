package dev.dbadapter.cli;

import dev.dbadapter.factory.Workspace;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code db-adapter} command. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        boolean colour = CommandLine.Help.Ansi.AUTO.enabled();
        System.exit(DbAdapterCommand.run(new CliContext(Workspace.current(), colour, System.in), out, err, args));
    }
}
