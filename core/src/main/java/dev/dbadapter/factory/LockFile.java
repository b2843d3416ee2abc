package dev.dbadapter.factory;

import dev.dbadapter.config.ConfigException;
import dev.dbadapter.internal.TempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The {@code .db-profile} file that remembers the last profile a {@code connect} succeeded with.
 */
public final class LockFile {
    private final Path path;

    /** Creates a handle on the lock file at {@code path}. */
    public LockFile(Path path) {
        this.path = path;
    }

    /**
     * Returns the profile name in the file, or empty when there is no file or it is blank.
     *
     * @throws ConfigException when the file exists but cannot be read
     */
    public Optional<String> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            String name = Files.readString(path, StandardCharsets.UTF_8).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException e) {
            throw new ConfigException(path, 0, "cannot read lock file: " + e.getMessage(), null, e);
        }
    }

    /**
     * Writes {@code profile} atomically (a temporary file renamed into place).
     *
     * @throws ConfigException when the file cannot be written
     */
    public void write(String profile) {
        Path temp = null;
        boolean moved = false;
        try {
            temp = TempFiles.createBeside(path);
            Files.writeString(temp, profile + "\n", StandardCharsets.UTF_8);
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } catch (IOException e) {
            throw new ConfigException(path, 0, "cannot write lock file: " + e.getMessage(), null, e);
        } finally {
            if (temp != null) {
                try {
                    TempFiles.release(temp, moved);
                } catch (IOException cleanup) {
                    // the write itself succeeded or already failed with its own error
                }
            }
        }
    }
}
