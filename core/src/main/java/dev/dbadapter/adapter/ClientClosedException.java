package dev.dbadapter.adapter;

import dev.dbadapter.DbAdapterException;
import dev.dbadapter.ErrorCode;

/**
 * A client (an adapter, an introspector) was used after {@code close()}. Carries
 * {@link ErrorCode#CLOSED}.
 */
public final class ClientClosedException extends DbAdapterException {

    /**
     * Creates the exception.
     *
     * @param message which client is closed (never containing a password)
     * @param hint what to do instead, or {@code null}
     */
    public ClientClosedException(String message, String hint) {
        super(ErrorCode.CLOSED, message, hint, null);
    }
}
