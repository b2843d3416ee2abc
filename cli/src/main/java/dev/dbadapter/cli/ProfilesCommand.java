package dev.dbadapter.cli;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.config.DatabaseConfig;
import dev.dbadapter.config.DatabaseProfile;
import dev.dbadapter.factory.AdapterFactory;
import dev.dbadapter.factory.ResolvedProfile;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code db-adapter profiles}: lists the configured profiles, the current one marked {@code *}. */
@Command(name = "profiles", description = "List the profiles in db.toml; the current one is marked *.")
final class ProfilesCommand extends Subcommand {
    @Override
    public Integer call() {
        Output output = output();
        DatabaseConfig config = root.config();
        String current = null;
        String origin = null;
        try {
            ResolvedProfile resolved = root.currentProfile();
            current = resolved.name();
            origin = resolved.origin();
        } catch (DbAdapterException noneSelected) {
            if (!(noneSelected.getMessage().startsWith("No database profile"))) {
                output.warning(noneSelected.getMessage());
            }
        }
        config.unusable().forEach((name, error) ->
                output.warning("Profile '" + name + "' cannot be used here: " + error.getMessage()));
        if (output.json()) {
            output.print(new Document(current, origin, List.copyOf(config.profiles().values())));
            return 0;
        }
        if (config.profiles().isEmpty() && config.unusable().isEmpty()) {
            output.line("No profiles in " + config.source() + ". Add a [profiles.NAME] table with a url.");
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (DatabaseProfile profile : config.profiles().values()) {
            rows.add(List.of(profile.name().equals(current) ? "*" : "", profile.name(), profile.provider().id(),
                    profile.isProtected() ? "yes" : "", profile.description() == null ? "" : profile.description()));
        }
        output.table("Profiles", List.of("", "Profile", "Provider", "Protected", "Description"), rows);
        String variable = (root.options().envPrefix == null ? "" : root.options().envPrefix) + AdapterFactory.PROFILE_VARIABLE;
        output.line(current == null ? "No current profile: run 'db-adapter use NAME', pass -p NAME or set " + variable + "."
                : "Current profile: " + current + " (from " + origin + ")");
        return 0;
    }

    /** The JSON document: the current profile and where it came from ({@code null} when none), then every profile. */
    record Document(String current, String source, List<DatabaseProfile> profiles) {
    }
}
