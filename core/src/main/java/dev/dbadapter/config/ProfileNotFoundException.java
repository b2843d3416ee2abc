package dev.dbadapter.config;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;
import java.util.List;

/** A profile name that the configuration does not define; the message lists the ones it does. */
public final class ProfileNotFoundException extends DbAdapterException {
    private final String profile;
    private final List<String> available;

    /** Creates the exception for {@code profile}, listing {@code available} profile names. */
    public ProfileNotFoundException(String profile, List<String> available) {
        super(ErrorCode.PROFILE_NOT_FOUND, "Profile '" + profile + "' not found. Available profiles: "
                + (available.isEmpty() ? "(none)" : String.join(", ", available)),
                "add [profiles." + profile + "] to db.toml or pick one of the available profiles", null);
        this.profile = profile;
        this.available = List.copyOf(available);
    }

    /** Returns the name that was asked for. */
    public String profile() {
        return profile;
    }

    /** Returns the profiles the configuration defines. */
    public List<String> available() {
        return available;
    }
}
