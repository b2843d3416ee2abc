package dev.dbadapter.config;

/**
 * The {@code [defaults]} table of {@code db.toml}.
 *
 * @param userIdEnv the environment variable holding the default user id, or {@code null}
 */
public record Defaults(String userIdEnv) {
    /** The settings when {@code [defaults]} is absent. */
    public static final Defaults DEFAULTS = new Defaults(null);
}
