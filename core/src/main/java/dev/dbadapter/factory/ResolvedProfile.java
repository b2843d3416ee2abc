package dev.dbadapter.factory;

import dev.dbadapter.config.DatabaseProfile;

/**
 * The profile in use and where its name came from.
 *
 * @param profile the profile
 * @param source where its name came from
 * @param origin a readable description of the source, such as {@code "env DB_PROFILE"}
 */
public record ResolvedProfile(DatabaseProfile profile, ProfileSource source, String origin) {
    /** Returns the profile's name. */
    public String name() {
        return profile.name();
    }
}
