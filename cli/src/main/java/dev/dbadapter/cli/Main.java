package dev.dbadapter.cli;

import dev.dbadapter.adapter.postgres.internal.StatementLog;
import dev.dbadapter.factory.Workspace;
import dev.dbadapter.internal.Workers;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code db-adapter} command. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // picocli would first build the model of every subcommand, loading their classes; the
            // answer needs none of them
            System.out.println(DbAdapterCommand.VERSION);
            return;
        }
        // a short-lived process: see Workers for what virtual threads would cost its exit
        System.setProperty(Workers.PROPERTY, Workers.PLATFORM);
        if (DbAdapterCommand.given(args, "--verbose", "-v")) {
            // before the first logger exists: the libraries' warnings (the pool's, the driver's) show
            // only with --verbose; otherwise an error is our one line and hint
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // each SQL statement and its time, as psql -e echoes them (the library's statement log)
            System.setProperty("org.slf4j.simpleLogger.log." + StatementLog.LOGGER, "debug");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        boolean colour = colour(CommandLine.Help.Ansi.AUTO.enabled(), System.getenv());
        CliContext context = new CliContext(Workspace.current(), colour, System.in, Terminals.isTerminal(0),
                Terminals.isTerminal(2) && !"dumb".equals(System.getenv("TERM")));
        System.exit(DbAdapterCommand.run(context, out, err, args));
    }

    /**
     * Returns whether output may use colour: on a terminal ({@code terminal}, picocli's check) that is not
     * {@code TERM=dumb}, and without {@code NO_COLOR} set.
     */
    static boolean colour(boolean terminal, Map<String, String> environment) {
        String noColour = environment.get("NO_COLOR");
        return terminal && !"dumb".equals(environment.get("TERM")) && (noColour == null || noColour.isEmpty());
    }
}
