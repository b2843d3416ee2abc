package dev.dbadapter.adapter;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;

/**
 * The database rejected a statement or could not be reached. Keeps the SQLSTATE and the server's
 * message, detail, hint and constraint name; the original {@link java.sql.SQLException} is the cause.
 * Through Supabase's REST API the code is PostgreSQL's SQLSTATE when the database refused, else
 * PostgREST's own {@code PGRSTnnn} code, and the cause is the {@link java.io.IOException} of a request
 * that got no answer.
 */
public final class DatabaseException extends DbAdapterException {
    private final String sqlState;
    private final String serverMessage;
    private final String detail;
    private final String constraint;

    /**
     * Creates the exception.
     *
     * @param code {@link ErrorCode#SQL} or {@link ErrorCode#CONNECTION}
     * @param message the message shown to users (masked, no passwords)
     * @param sqlState the five-character SQLSTATE (or PostgREST's {@code PGRSTnnn} code), or {@code null}
     * @param serverMessage the server's primary message, or {@code null}
     * @param detail the server's detail, or {@code null}
     * @param hint the server's hint, or {@code null}
     * @param constraint the violated constraint's name, or {@code null}
     * @param cause the original exception
     */
    public DatabaseException(ErrorCode code, String message, String sqlState, String serverMessage,
            String detail, String hint, String constraint, Throwable cause) {
        super(code, message, hint, cause);
        this.sqlState = sqlState;
        this.serverMessage = serverMessage;
        this.detail = detail;
        this.constraint = constraint;
    }

    /**
     * Returns this failure under another message, for a caller that says what it was doing: the same
     * code, SQLSTATE, server message, detail, hint, constraint and cause.
     */
    public DatabaseException withMessage(String message) {
        return new DatabaseException(code(), message, sqlState, serverMessage, detail, hint(), constraint, getCause());
    }

    /**
     * Returns the SQLSTATE, such as {@code 23505} for a unique violation, or PostgREST's {@code PGRSTnnn}
     * code for a failure of its own; {@code null} when there is none.
     */
    public String sqlState() {
        return sqlState;
    }

    /** Returns the server's primary message, or {@code null}. */
    public String serverMessage() {
        return serverMessage;
    }

    /** Returns the server's detail line, or {@code null}. */
    public String detail() {
        return detail;
    }

    /** Returns the name of the violated constraint, or {@code null}. */
    public String constraint() {
        return constraint;
    }

    /** Returns whether this is a unique violation (SQLSTATE 23505). */
    public boolean isUniqueViolation() {
        return "23505".equals(sqlState);
    }

    /** Returns whether this is a foreign-key violation (SQLSTATE 23503). */
    public boolean isForeignKeyViolation() {
        return "23503".equals(sqlState);
    }
}
