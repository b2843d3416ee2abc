package dev.dbadapter.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, before or after the command name. */
public final class GlobalOptions {
    @Option(names = {"-p", "--profile"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Profile to use for this command (beats PREFIX + DB_PROFILE, which beats .db-profile).")
    String profile;

    @Option(names = "--env-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "Prefix of the DB_PROFILE environment variable (PREFIX + DB_PROFILE).")
    String envPrefix;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default: the nearest db.toml, here or in a parent folder).")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print results as JSON, for scripts.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show each SQL statement with its time, and stack traces of errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only errors and results (tables, JSON): no progress, notes or warnings.")
    boolean quiet;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No colour, even on a terminal (also when the NO_COLOR variable is set).")
    boolean noColor;
}
