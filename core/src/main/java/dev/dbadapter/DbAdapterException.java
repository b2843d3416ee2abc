package dev.dbadapter;

/**
 * Root of every exception the library throws. Unchecked; carries an {@link ErrorCode} and an
 * optional hint saying what the user can do about it. Only its subclasses are thrown, each named for
 * what failed ({@link dev.dbadapter.adapter.DatabaseException}, {@link dev.dbadapter.config.ConfigException},
 * {@link UsageException}, ...), so callers can catch the root or a leaf.
 */
public abstract class DbAdapterException extends RuntimeException {
    private final ErrorCode code;
    private final String hint;

    /**
     * Creates an exception.
     *
     * @param code what kind of failure this is
     * @param message what went wrong, never containing a password
     * @param hint what the user can do about it, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    protected DbAdapterException(ErrorCode code, String message, String hint, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.hint = hint;
    }

    /** Creates an exception without hint or cause. */
    protected DbAdapterException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    /** Returns what kind of failure this is. */
    public ErrorCode code() {
        return code;
    }

    /** Returns what the user can do about it, or {@code null}. */
    public String hint() {
        return hint;
    }
}
