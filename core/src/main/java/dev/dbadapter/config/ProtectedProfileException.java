package dev.dbadapter.config;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;

/**
 * A write to a profile marked {@code protected = true} was refused because it was not explicitly
 * allowed. Carries {@link ErrorCode#PROTECTED_PROFILE}.
 */
public final class ProtectedProfileException extends DbAdapterException {
    private final String profile;

    /** Creates the exception for the protected profile named {@code profile}. */
    public ProtectedProfileException(String profile) {
        super(ErrorCode.PROTECTED_PROFILE, "Profile '" + profile + "' is protected: refusing to write to it",
                "pass --allow-protected if you really mean to change this database", null);
        this.profile = profile;
    }

    /** Returns the name of the protected profile. */
    public String profile() {
        return profile;
    }
}
