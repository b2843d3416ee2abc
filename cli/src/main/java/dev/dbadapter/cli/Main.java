package dev.dbadapter.cli;

import dev.dbadapter.adapter.postgres.internal.StatementLog;
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
        if (DbAdapterCommand.given(args, "--verbose", "-v")) {
            // before the first logger exists: the libraries' warnings (the pool's, the driver's) show
            // only with --verbose; otherwise an error is our one line and hint
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // each SQL statement and its time, as psql -e echoes them (the library's statement log)
            System.setProperty("org.slf4j.simpleLogger.log." + StatementLog.LOGGER, "debug");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        boolean colour = CommandLine.Help.Ansi.AUTO.enabled();
        System.exit(DbAdapterCommand.run(new CliContext(Workspace.current(), colour, System.in), out, err, args));
    }
}
