package dev.dbadapter.cli;

import dev.dbadapter.config.ProtectedProfileException;
import dev.dbadapter.factory.ResolvedProfile;
import picocli.CommandLine.Option;

/** The {@code --allow-protected} option of the commands that write to the current profile (fix, sync, restore). */
final class AllowProtectedOption {
    @Option(names = "--allow-protected",
            description = "Allow writing to a profile marked protected (protected = true in db.toml).")
    boolean allowed;

    /**
     * Refuses a write to {@code profile} when it is protected and the flag was not given.
     *
     * @throws ProtectedProfileException when the write is refused
     */
    void checkWritable(ResolvedProfile profile) {
        profile.profile().checkWritable(allowed);
    }
}
