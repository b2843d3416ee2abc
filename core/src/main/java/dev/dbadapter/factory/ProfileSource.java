package dev.dbadapter.factory;

/** Where the current profile's name came from. */
public enum ProfileSource {
    /** Named explicitly by the caller (a flag or argument). */
    EXPLICIT,
    /** The {@code {prefix}DB_PROFILE} environment variable. */
    ENVIRONMENT,
    /** The {@code .db-profile} lock file written by a successful {@code connect}. */
    LOCK_FILE
}
