package dev.dbadapter.cli;

import dev.dbadapter.config.DatabaseProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code db-adapter use NAME}: makes a configured profile the current one by writing the
 * {@code .db-profile} lock file, without connecting (unlike {@code connect}).
 */
@Command(name = "use", description = "Make a profile the current one (writes .db-profile; does not connect).")
final class UseCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "A profile in db.toml.")
    String name;

    @Override
    public Integer call() {
        Output output = output();
        // an unknown name fails here, naming the profiles there are, before the lock file is touched
        DatabaseProfile profile = root.config().profile(name);
        root.factory().lockFile().write(profile.name());
        if (output.json()) {
            output.print(new Document(profile.name()));
        } else {
            output.success("Current profile: " + profile.name() + " (written to .db-profile)");
        }
        return 0;
    }

    /** The JSON document: the profile now current. */
    record Document(String profile) {
    }
}
