package dev.dbadapter.sync;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;

/**
 * A sync that cannot run as asked: a table or column missing on one side, a table without a
 * single-column primary key, tables a backup schema cannot order. Carries {@link ErrorCode#USAGE}.
 */
public final class SyncException extends DbAdapterException {

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the table, column and side
     * @param hint what to do about it, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public SyncException(String message, String hint, Throwable cause) {
        super(ErrorCode.USAGE, message, hint, cause);
    }
}
