package dev.dbadapter.cli;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import dev.dbadapter.adapter.DatabaseClient;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresClient;
import dev.dbadapter.backup.RestoreMode;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.factory.AdapterFactory;
import dev.dbadapter.factory.AdapterRequest;
import dev.dbadapter.factory.ProfileSource;
import dev.dbadapter.factory.ResolvedProfile;
import dev.dbadapter.sync.SyncMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code db-adapter} command: global options and the list of subcommands. */
// scope INHERIT: every subcommand takes -h/--help (and -V/--version) too
@Command(name = "db-adapter", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = DbAdapterCommand.VERSION,
        description = "Manage PostgreSQL application data: profiles, schema validation and repair, data sync between"
                + " profiles, backup and restore.",
        subcommands = {ConnectCommand.class, UseCommand.class, StatusCommand.class, ProfilesCommand.class, ValidateCommand.class,
            FixCommand.class, SyncCommand.class, BackupCommand.class, RestoreCommand.class,
            InitCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the operation failed or the schema is invalid",
            "2:bad usage or configuration, or a command the profile's provider cannot do"})
public final class DbAdapterCommand implements Runnable {
    /** What {@code --version} prints. */
    public static final String VERSION = "db-adapter 0.1.0";
    /** Exit code: the operation failed or the schema is invalid. */
    public static final int FAILED = 1;
    /** Exit code: bad usage or configuration. */
    public static final int USAGE = 2;

    @Mixin
    GlobalOptions options = new GlobalOptions();

    @Spec
    CommandSpec spec;

    private final CliContext context;
    private AdapterFactory factory;
    private boolean warned;
    private ResolvedProfile resolved;
    private final JsonEnvelope envelope = new JsonEnvelope();

    /** Creates the root command over {@code context}. */
    public DbAdapterCommand(CliContext context) {
        this.context = context;
    }

    /**
     * Runs the command line with {@code args}, printing to {@code out} and {@code err}, and returns the
     * exit code. Never throws: errors become one line (plus a hint) and an exit code.
     */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        DbAdapterCommand root = new DbAdapterCommand(context);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // a profile may have a command's name: -p sync sync --from backup
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        commandLine.registerConverter(RestoreMode.class, parsing(RestoreMode::parse));
        commandLine.registerConverter(SyncMode.class, parsing(SyncMode::parse));
        boolean colour = context.colour() && !given(args, "--no-color") && !noColorVariable(context);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(
                colour ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        commandLine.setExecutionExceptionHandler((error, failed, parsed) -> root.report(error, failed));
        // a usage error is its message and a pointer to --help (a JSON error document with --json), not the
        // whole usage text
        commandLine.setParameterExceptionHandler((error, arguments) -> root.reportUsage(error, given(arguments, "--json")));
        int code = commandLine.execute(args);
        if (root.envelope.used()) {
            // --json: the one document of the run, whatever the command printed into it
            root.envelope.command(ranCommand(commandLine));
            String profile = root.resolved == null ? null : root.resolved.name();
            try {
                Output.write(out, root.envelope.document(profile, code));
            } catch (IllegalStateException e) {
                // a result that cannot be written as JSON: still one document, saying why
                code = FAILED;
                root.envelope.result(null);
                root.envelope.error(new JsonEnvelope.Error(ErrorCode.INTERNAL.name(), e.getMessage(), null, null));
                Output.write(out, root.envelope.document(profile, code));
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Returns the name of the deepest command the arguments named (the root's when they named none). */
    private static String ranCommand(CommandLine commandLine) {
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        if (parsed == null) {
            return commandLine.getCommandName();
        }
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().name();
    }

    /** Returns whether one of {@code flags} is among {@code args} (before a {@code --} that ends the options). */
    static boolean given(String[] args, String... flags) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (List.of(flags).contains(arg)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Returns the context the command runs in. */
    CliContext context() {
        return context;
    }

    /** Returns the global options. */
    GlobalOptions options() {
        return options;
    }

    /** Returns an output helper writing to {@code command}'s streams. */
    Output output(CommandSpec command) {
        return new Output(command.commandLine().getOut(), command.commandLine().getErr(), colour(), options.json,
                options.quiet, envelope);
    }

    /** Returns whether output is coloured: on a terminal, without {@code --no-color} or {@code NO_COLOR}. */
    boolean colour() {
        return context.colour() && !options.noColor && !noColorVariable(context);
    }

    private static boolean noColorVariable(CliContext context) {
        String value = context.workspace().environment().get("NO_COLOR");
        return value != null && !value.isEmpty();
    }

    /** Returns the factory over the working directory and {@code --config}. */
    synchronized AdapterFactory factory() {
        if (factory == null) {
            factory = options.config == null
                    ? AdapterFactory.create(context.workspace())
                    : AdapterFactory.create(context.workspace(), options.config);
        }
        return factory;
    }

    /** Returns the loaded configuration; its warnings (unknown keys) go to stderr once per run. */
    synchronized DatabaseConfig config() {
        DatabaseConfig config = factory().config();
        if (!warned) {
            warned = true;
            Output output = output(spec);
            config.warnings().forEach(output::warning);
        }
        return config;
    }

    /**
     * Resolves the current profile ({@code --profile}, then the environment, then the lock file), after
     * the configuration's warnings.
     */
    ResolvedProfile currentProfile() {
        DatabaseConfig config = config();
        resolved = options.profile != null
                ? new ResolvedProfile(config.profile(options.profile), ProfileSource.EXPLICIT, "flag --profile")
                : factory().resolveProfile(options.envPrefix);
        return resolved;
    }

    /**
     * Returns {@code db-adapter COMMAND} as a user can run it next for {@code profile}: with
     * {@code -p NAME} unless the profile came from the lock file, which the next run reads too.
     */
    static String commandFor(ResolvedProfile profile, String command) {
        return "db-adapter " + (profile.source() == ProfileSource.LOCK_FILE ? "" : "-p " + profile.name() + " ")
                + command;
    }

    /**
     * Opens a client for a resolved profile. A command line waits for a connection no longer than
     * one connect attempt takes, so an unreachable database fails in seconds.
     */
    DatabaseClient open(ResolvedProfile profile) {
        // one connection first, without the pool: a refused connection or a missing database fails at
        // once with the server's words, where the pool would retry them until its acquire timeout and
        // report its own state instead
        try (DatabaseClient probe = openSingle(profile)) {
            if (probe instanceof PostgresClient client) {
                client.withConnection(connection -> null).join();
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        // connections are opened as the command needs them: idle ones kept ready would each cost the
        // short-lived process a server start it may never use
        PoolOptions pool = PoolOptions.DEFAULTS.withMinIdle(0)
                .withAcquireTimeout(PoolOptions.DEFAULTS.connectTimeout().plusSeconds(1));
        return factory().getAdapter(profile.profile(), AdapterRequest.current().withPool(pool));
    }

    /**
     * Opens a client without a pool, for commands that run one statement at a time (validate,
     * fix): a pool would start threads and open connections the command never uses, which costs a
     * short-lived process a noticeable part of its run. Connections are opened as the client needs
     * them.
     */
    DatabaseClient openSingle(ResolvedProfile profile) {
        return factory().getAdapter(profile.profile(), AdapterRequest.current().withoutPool());
    }

    /**
     * Resolves a path from {@code db.toml}: relative paths are taken from the configuration file's
     * directory.
     */
    Path configPath(String path) {
        Path configDir = factory().config().source() == null ? context.workspace().directory()
                : factory().config().source().toAbsolutePath().getParent();
        return configDir.resolve(path);
    }

    /** Resolves a path given on the command line against the working directory. */
    Path argumentPath(Path path) {
        return context.workspace().directory().resolve(path);
    }

    private int reportUsage(CommandLine.ParameterException error, boolean json) {
        CommandLine failed = error.getCommandLine();
        Output output = new Output(failed.getOut(), failed.getErr(), context.colour(), json, false, envelope);
        envelope.command(failed.getCommandSpec().name());
        String hint = "run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options";
        if (error instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            hint = "did you mean " + String.join(" or ", unmatched.getSuggestions()) + "? " + hint;
        }
        output.error(ErrorCode.USAGE.name(), error.getMessage(), hint);
        return USAGE;
    }

    private int report(Exception error, CommandLine failed) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Output output = new Output(failed.getOut(), failed.getErr(), colour(), options.json, false, envelope);
        envelope.command(failed.getCommandSpec().name());
        int code;
        String hint = null;
        ErrorCode errorCode;
        if (cause instanceof DbAdapterException dbError) {
            errorCode = dbError.code();
            code = errorCode.exitCode();
            hint = dbError.hint();
        } else if (cause instanceof IllegalArgumentException) {
            errorCode = ErrorCode.USAGE;
            code = USAGE;
        } else {
            errorCode = ErrorCode.INTERNAL;
            code = FAILED;
        }
        if (hint != null && resolved != null && resolved.source() != ProfileSource.LOCK_FILE) {
            // a hint naming a command must run as printed: on the profile this run used
            hint = hint.replace("db-adapter ", commandFor(resolved, ""));
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        output.error(errorCode.name(), message, hint);
        if (options.verbose) {
            cause.printStackTrace(failed.getErr());
        }
        return code;
    }

    /** A converter that reads an option with {@code parse}; its {@link IllegalArgumentException} is a usage error. */
    private static <T> CommandLine.ITypeConverter<T> parsing(Function<String, T> parse) {
        return text -> {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }
}
