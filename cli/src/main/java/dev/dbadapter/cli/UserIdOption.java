package dev.dbadapter.cli;

import dev.dbadapter.UsageException;
import dev.dbadapter.config.DatabaseConfig;
import picocli.CommandLine.Option;

/** The {@code --user-id} option of backup, restore, sync and fix: whose rows a backup holds or a restore creates. */
final class UserIdOption {
    @Option(names = "--user-id", paramLabel = "ID",
            description = "Whose rows to back up, restore or sync (default: the variable named by [defaults] user_id_env).")
    String value;

    /**
     * A user id and where it came from.
     *
     * @param id the user id
     * @param source {@code --user-id}, {@code env NAME} or {@code backup metadata}
     */
    record Choice(String id, String source) {
    }

    /**
     * Returns the flag's value, else the value of the environment variable named by
     * {@code [defaults] user_id_env}.
     *
     * @throws UsageException when neither gives one
     */
    String resolve(DbAdapterCommand root) {
        Choice choice = given(root);
        if (choice == null) {
            throw missing(root);
        }
        return choice.id();
    }

    /** Returns the flag's value, else the variable's (see {@link #resolve}), or null when neither gives one. */
    Choice given(DbAdapterCommand root) {
        if (value != null && !value.isBlank()) {
            return new Choice(value, "--user-id");
        }
        String variable = variable(root);
        String fromEnvironment = variable == null ? null : root.context().workspace().environment().get(variable);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : new Choice(fromEnvironment, "env " + variable);
    }

    /** Returns the error for no user id given, with a hint naming what would give one. */
    UsageException missing(DbAdapterCommand root) {
        String variable = variable(root);
        return new UsageException("No user id given",
                variable == null ? "pass --user-id or set user_id_env under [defaults] in db.toml"
                        : "pass --user-id or set the environment variable " + variable);
    }

    private static String variable(DbAdapterCommand root) {
        DatabaseConfig config = root.config();
        return config.defaults() == null ? null : config.defaults().userIdEnv();
    }
}
