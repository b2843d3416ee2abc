package dev.dbadapter;

/**
 * What kind of failure a {@link DbAdapterException} reports; the CLI maps each code to its exit code.
 */
public enum ErrorCode {
    /** A configuration file or value is wrong or missing. */
    CONFIG(2),
    /** A command or method was called with arguments it cannot use. */
    USAGE(2),
    /** A named profile does not exist. */
    PROFILE_NOT_FOUND(2),
    /** A write was refused because the profile is marked {@code protected}. */
    PROTECTED_PROFILE(2),
    /**
     * The backend of a client or profile cannot do what was asked (a schema fix without a direct
     * PostgreSQL connection, a provider this version cannot open): the profile must change, so it is
     * a configuration error.
     */
    UNSUPPORTED_BY_BACKEND(2),
    /** The database could not be reached or the connection broke. */
    CONNECTION(1),
    /** The database rejected a statement. */
    SQL(1),
    /** An update or lookup matched no row. */
    NO_ROWS(1),
    /** A schema file could not be read or the live schema does not match it. */
    SCHEMA(1),
    /** A backup file could not be written, read or restored. */
    BACKUP(1),
    /** The client was used after {@code close()}. */
    CLOSED(1),
    /** Anything else. */
    INTERNAL(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** Returns the process exit code the CLI uses for this kind of failure. */
    public int exitCode() {
        return exitCode;
    }
}
