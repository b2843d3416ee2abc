package dev.dbadapter.adapter;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;

/**
 * An operation was asked of a backend that cannot do it: a schema fix (DDL in one transaction) of a
 * client without a direct PostgreSQL connection, say, or a profile whose provider this version has no
 * backend for. Its code is {@link ErrorCode#UNSUPPORTED_BY_BACKEND}.
 */
public final class UnsupportedOperationForBackendException extends DbAdapterException {
    private final String operation;
    private final Provider provider;

    /**
     * Creates the exception.
     *
     * @param operation what was asked ({@code "restore"}, {@code "schema fix"})
     * @param provider the backend that cannot do it
     * @param message what went wrong, naming the operation and the backend
     * @param hint what the user can do about it, or {@code null}
     */
    public UnsupportedOperationForBackendException(String operation, Provider provider, String message, String hint) {
        super(ErrorCode.UNSUPPORTED_BY_BACKEND, message, hint, null);
        this.operation = operation;
        this.provider = provider;
    }

    /** Returns what was asked, such as {@code "restore"}. */
    public String operation() {
        return operation;
    }

    /** Returns the backend that cannot do it. */
    public Provider provider() {
        return provider;
    }
}
