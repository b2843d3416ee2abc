package dev.dbadapter.factory;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where configuration comes from: a working directory (holding {@code db.toml} and the
 * {@code .db-profile} lock file) and an environment. Tests pass their own instead of the process's.
 *
 * @param directory the working directory
 * @param environment the environment variables
 */
public record Workspace(Path directory, Map<String, String> environment) {

    /** Copies the environment. */
    public Workspace {
        directory = directory.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    /** Returns the process's working directory and environment. */
    public static Workspace current() {
        return new Workspace(Path.of(""), System.getenv());
    }

    /** Returns {@code db.toml} in the directory. */
    public Path configFile() {
        return directory.resolve("db.toml");
    }

    /** Returns {@code .db-profile} in the directory. */
    public Path lockFile() {
        return directory.resolve(".db-profile");
    }
}
