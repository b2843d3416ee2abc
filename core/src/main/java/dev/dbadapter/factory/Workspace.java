package dev.dbadapter.factory;

import dev.dbadapter.config.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where configuration comes from: a working directory and an environment. {@code db.toml} is the
 * nearest one in the directory or a parent folder (as git finds its root), and the {@code .db-profile}
 * lock file lies beside it. Tests pass their own instead of the process's.
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

    /** The configuration file's name. */
    public static final String CONFIG_FILE = DatabaseConfig.FILE_NAME;

    /** The lock file's name. */
    public static final String LOCK_FILE = ".db-profile";

    /**
     * Returns the nearest {@code db.toml}: in the directory, else in the closest parent folder that
     * has one; when none has, {@code db.toml} in the directory (which then does not exist).
     */
    public Path configFile() {
        for (Path folder = directory; folder != null; folder = folder.getParent()) {
            Path candidate = folder.resolve(CONFIG_FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return directory.resolve(CONFIG_FILE);
    }

    /** Returns {@code .db-profile} beside {@link #configFile()}. */
    public Path lockFile() {
        return configFile().resolveSibling(LOCK_FILE);
    }
}
