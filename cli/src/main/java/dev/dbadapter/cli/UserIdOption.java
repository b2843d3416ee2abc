package dev.dbadapter.cli;

import dev.dbadapter.UsageException;
import dev.dbadapter.config.DatabaseConfig;
import picocli.CommandLine.Option;

/** The {@code --user-id} option of backup, restore and fix: whose rows a backup holds or a restore creates. */
final class UserIdOption {
    @Option(names = "--user-id", paramLabel = "ID",
            description = "Whose rows to back up or restore (default: the variable named by [defaults] user_id_env).")
    String value;

    /**
     * Returns the flag's value, else the value of the environment variable named by
     * {@code [defaults] user_id_env}.
     *
     * @throws UsageException when neither gives one
     */
    String resolve(DbAdapterCommand root) {
        if (value != null && !value.isBlank()) {
            return value;
        }
        DatabaseConfig config = root.config();
        String variable = config.defaults() == null ? null : config.defaults().userIdEnv();
        String fromEnvironment = variable == null ? null : root.context().workspace().environment().get(variable);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new UsageException("No user id given",
                    variable == null ? "pass --user-id or set user_id_env under [defaults] in db.toml"
                            : "pass --user-id or set the environment variable " + variable);
        }
        return fromEnvironment;
    }
}
